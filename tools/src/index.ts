export {
  serviceGenerator,
  type ServiceGeneratorOptions,
} from './generators/service/service.generator';
