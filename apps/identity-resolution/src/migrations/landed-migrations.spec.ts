import { describeLandedMigrations } from '@omni/testing';
import { migrations } from './index';

describeLandedMigrations(migrations);
