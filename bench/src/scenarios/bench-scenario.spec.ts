import { cpuPerEvent } from './bench-scenario';

describe('cpuPerEvent', () => {
  it('gives every process its CPU microseconds per event, to a tenth', () => {
    expect(
      cpuPerEvent(
        [
          { name: 'ingest', cpuMs: 1_500 },
          { name: 'kafka', cpuMs: 333 },
        ],
        30_000,
      ),
    ).toEqual({ 'cpuUsPerEvent.ingest': 50, 'cpuUsPerEvent.kafka': 11.1 });
  });

  it('gives nothing when no event was counted', () => {
    expect(cpuPerEvent([{ name: 'ingest', cpuMs: 10 }], 0)).toEqual({});
  });
});
