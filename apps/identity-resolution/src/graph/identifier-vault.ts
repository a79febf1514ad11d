import { Inject, Injectable } from '@nestjs/common';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity-config';
import { IdentifierCrypto } from '../identifiers/identifier-crypto';

/** The service's one IdentifierCrypto, built from the validated keys. */
@Injectable()
export class IdentifierVault extends IdentifierCrypto {
  constructor(@Inject(IDENTITY_CONFIG) config: IdentityConfig) {
    super(config.crypto);
  }
}
