import type { ContactRepository } from '../adapters/db/contact-repository';

/** Everything activities may touch, as interfaces: the worker injects real adapters, tests fakes. */
export interface ActivityDeps {
  contacts: ContactRepository;
}
