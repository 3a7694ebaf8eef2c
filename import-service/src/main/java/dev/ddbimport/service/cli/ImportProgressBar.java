package dev.ddbimport.service.cli;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A live progress line on stderr for running imports: bytes read (of the total, when known) with
 * their rate, and items, items per second, errors and objects in the extra message. Does nothing when
 * quiet.
 */
final class ImportProgressBar implements AutoCloseable {

    private final ProgressBar bar;
    private final long startNanos = System.nanoTime();

    /**
     * @param totalBytes the uncompressed bytes to read, or -1 when unknown
     */
    ImportProgressBar(String task, long totalBytes, boolean quiet, PrintStream err) {
        this.bar = quiet
                ? null
                : new ProgressBarBuilder()
                        .setTaskName(task)
                        .setInitialMax(totalBytes)
                        .setUnit(unitName(totalBytes), unitSize(totalBytes))
                        .showSpeed()
                        .setStyle(ProgressBarStyle.ASCII)
                        .setUpdateIntervalMillis(200)
                        .setConsumer(new ConsoleProgressBarConsumer(err))
                        .build();
    }

    /**
     * @param objects objects done, or -1 when unknown
     * @param objectsTotal objects to do, or -1 when unknown
     */
    void update(long bytes, long items, long errors, long objects, long objectsTotal) {
        if (bar == null) {
            return;
        }
        bar.stepTo(bytes);
        double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        StringBuilder extra = new StringBuilder(" ");
        if (objectsTotal >= 0) {
            extra.append("objects ")
                    .append(objects)
                    .append('/')
                    .append(objectsTotal)
                    .append(", ");
        }
        extra.append(String.format(Locale.ROOT, "items %d (%.0f/s), errors %d", items, items / seconds, errors));
        bar.setExtraMessage(extra.toString());
    }

    // small imports (the demo's) in bytes, larger in KiB or MiB, so the numbers stay readable; KiB
    // when the total is unknown
    private static String unitName(long totalBytes) {
        if (totalBytes < 0) {
            return " KiB";
        }
        return totalBytes < (64L << 10) ? " B" : totalBytes < (64L << 20) ? " KiB" : " MiB";
    }

    private static long unitSize(long totalBytes) {
        if (totalBytes < 0) {
            return 1024;
        }
        return totalBytes < (64L << 10) ? 1 : totalBytes < (64L << 20) ? 1024 : 1 << 20;
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
