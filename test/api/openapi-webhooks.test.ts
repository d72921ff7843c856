import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApp } from '../../src/api/app';
import { SUBSCRIBABLE_EVENTS } from '../../src/domain/events';
import { makeApiDeps } from '../helpers/api';

// The OpenAPI document tells receivers what each event looks like (its `webhooks` section).

describe('GET /openapi.json webhooks', () => {
  it('lists every event of the catalogue with the envelope and the schema of its data', async () => {
    const doc = (await (await createApp(makeApiDeps()).request('/openapi.json')).json()) as {
      webhooks: Record<
        string,
        {
          post: {
            requestBody: {
              content: {
                'application/json': {
                  schema: {
                    properties: Record<
                      string,
                      { const?: string; enum?: string[]; properties?: Record<string, unknown> }
                    >;
                    required: string[];
                  };
                };
              };
            };
          };
        }
      >;
    };
    assert.deepEqual(Object.keys(doc.webhooks).sort(), [...SUBSCRIBABLE_EVENTS].sort());
    for (const type of SUBSCRIBABLE_EVENTS) {
      const schema = doc.webhooks[type]!.post.requestBody.content['application/json'].schema;
      assert.deepEqual(schema.required.sort(), ['data', 'event', 'timestamp'], type);
      const event = schema.properties.event!;
      assert.equal(event.const ?? event.enum?.[0], type);
    }
    const merged = doc.webhooks['contact.merged']!.post.requestBody.content['application/json'].schema.properties.data!;
    assert.deepEqual(Object.keys(merged.properties!).sort(), [
      'absorbedId',
      'entity_id',
      'entity_seq',
      'evidence',
      'mergedBy',
      'survivorId',
    ]);
  });

  it("describes PUT and PATCH's active as a deprecated alias of enabled", async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const doc = (await (await createApp(makeApiDeps()).request('/openapi.json')).json()) as any;
    for (const method of ['put', 'patch']) {
      const props = doc.paths['/api/webhooks/{id}'][method].requestBody.content['application/json'].schema.properties;
      assert.deepEqual([props.enabled.type, props.active.type, props.active.deprecated], ['boolean', 'boolean', true]);
      assert.equal(props.enabled.deprecated, undefined, method);
    }
  });
});
