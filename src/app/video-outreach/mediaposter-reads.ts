import { DbError } from '../../adapters/db/db-errors';
import { MediaPosterNotConfigured } from '../../adapters/mediaposter/video-repository';
import { Refused } from '../refusal';

/**
 * A read of MediaPoster, with what went wrong on its side as the refusal (503) that names it: not
 * configured (MEDIAPOSTER_NOT_CONFIGURED), or its data API not answering or answering rows this CRM
 * cannot read (MEDIAPOSTER_UNAVAILABLE). The rest of the API is not affected.
 */
export async function fromMediaPoster<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof MediaPosterNotConfigured) throw new Refused('MEDIAPOSTER_NOT_CONFIGURED', err.message);
    if (err instanceof DbError) throw new Refused('MEDIAPOSTER_UNAVAILABLE', `MediaPoster: ${err.message}`);
    throw err;
  }
}
