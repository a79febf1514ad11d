// Ingest's controllers document their errors with the platform's one error body.
export { ErrorBodyDto as ErrorDto } from '@omni/platform';
