import { startTracing } from './tracing';

describe('startTracing', () => {
  it('starts nothing, and loads no OpenTelemetry module, without OTEL_EXPORTER_OTLP_ENDPOINT', () => {
    const loaded = () => Object.keys(require.cache).filter((m) => m.includes('@opentelemetry/sdk-node'));
    const before = loaded().length;
    expect(startTracing({})).toBeNull();
    expect(loaded().length).toBe(before);
  });
});
