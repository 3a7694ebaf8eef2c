package dev.ddbimport.transform;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link StreamTransformApp} runs.
 *
 * @param bootstrapServers the Kafka cluster holding the registry and every import's topics
 * @param stateDir root of the local state: each import's KafkaStreams keeps its stores under {@code
 *     <stateDir>/ddbimport-transform-<importId>}; keep it on a persistent disk so that a restart
 *     resumes from local state instead of replaying changelogs
 * @param threadsPerImport stream threads of each import's KafkaStreams ({@code num.stream.threads})
 * @param clientOverrides Kafka settings applied last to every import's Streams properties; those
 *     that are also consumer or admin settings (security, timeouts) apply to the registry reader and
 *     the admin client too
 * @param transform the topology's own settings; the app adds its metrics listener to each import's
 * @param meterRegistry where metrics go ({@code PrometheusMeterRegistry} for {@code /metrics})
 * @param closeTimeout how long closing one import's KafkaStreams may take
 */
public record StreamTransformSettings(
        String bootstrapServers,
        Path stateDir,
        int threadsPerImport,
        Map<String, String> clientOverrides,
        TransformSettings transform,
        MeterRegistry meterRegistry,
        Duration closeTimeout) {

    public static final int DEFAULT_THREADS_PER_IMPORT = 1;
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    public StreamTransformSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(transform, "transform");
        Objects.requireNonNull(meterRegistry, "meterRegistry");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers must name at least one broker as host:port");
        }
        if (threadsPerImport < 1) {
            throw new IllegalArgumentException("threadsPerImport must be at least 1, got " + threadsPerImport);
        }
        if (closeTimeout.isNegative()) {
            throw new IllegalArgumentException("closeTimeout must not be negative, got " + closeTimeout);
        }
        clientOverrides = clientOverrides == null ? Map.of() : Map.copyOf(clientOverrides);
    }

    /** Default settings for {@code bootstrapServers}, with state under {@code stateDir}. */
    public static StreamTransformSettings of(String bootstrapServers, Path stateDir) {
        return new StreamTransformSettings(
                bootstrapServers,
                stateDir,
                DEFAULT_THREADS_PER_IMPORT,
                Map.of(),
                TransformSettings.defaults().withRepartitionPartitions(TransformSettings.AS_MANY_AS_CHUNKS_PARTITIONS),
                new SimpleMeterRegistry(),
                DEFAULT_CLOSE_TIMEOUT);
    }

    public StreamTransformSettings withThreadsPerImport(int threads) {
        return new StreamTransformSettings(
                bootstrapServers, stateDir, threads, clientOverrides, transform, meterRegistry, closeTimeout);
    }

    public StreamTransformSettings withClientOverrides(Map<String, String> overrides) {
        return new StreamTransformSettings(
                bootstrapServers, stateDir, threadsPerImport, overrides, transform, meterRegistry, closeTimeout);
    }

    public StreamTransformSettings withTransform(TransformSettings settings) {
        return new StreamTransformSettings(
                bootstrapServers, stateDir, threadsPerImport, clientOverrides, settings, meterRegistry, closeTimeout);
    }

    public StreamTransformSettings withMeterRegistry(MeterRegistry registry) {
        return new StreamTransformSettings(
                bootstrapServers, stateDir, threadsPerImport, clientOverrides, transform, registry, closeTimeout);
    }

    public StreamTransformSettings withCloseTimeout(Duration timeout) {
        return new StreamTransformSettings(
                bootstrapServers, stateDir, threadsPerImport, clientOverrides, transform, meterRegistry, timeout);
    }
}
