import { Module } from '@nestjs/common';
import { ServicePlatformModule } from '@omni/platform';
import { IdentityModule } from './identity.module';
import { service } from './service';

@Module({
  imports: [ServicePlatformModule.forRoot({ service }), IdentityModule],
})
export class AppModule {}
