import { profileChangesHandler } from '@omni/platform';
import { IdentityChangesService } from './identity-changes.service';

/** Merges, splits and erasures, each in the inbox transaction of its event. */
export const ProfileChangesHandler = profileChangesHandler(IdentityChangesService);
