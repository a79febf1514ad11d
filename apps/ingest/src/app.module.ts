import { Module } from '@nestjs/common';
import { ServicePlatformModule } from '@omni/platform';
import { service } from './service';

@Module({
  imports: [ServicePlatformModule.forRoot({ service })],
})
export class AppModule {}
