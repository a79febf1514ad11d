import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@omni/platform';
import type { IdentityConfig } from '../config/identity-config';
import { IdentifierCrypto } from './identifier-crypto';

/** The service's one IdentifierCrypto, built from the validated keys. */
@Injectable()
export class IdentifierVault extends IdentifierCrypto {
  constructor(@Inject(SERVICE_CONFIG) config: IdentityConfig) {
    super(config.crypto);
  }
}
