// The ingest child process is shared by the specs of every downstream service.
export { startIngestProcess, type IngestProcess } from '@omni/testing';
