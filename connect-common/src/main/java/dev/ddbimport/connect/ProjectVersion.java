package dev.ddbimport.connect;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The project version the connectors report from {@code version()}: written into a resource by the
 * build, so it is right in the plugin archive, the plain jars and the IDE's classes folder alike.
 */
public final class ProjectVersion {

    private static final String RESOURCE = "version.properties";
    private static final String VERSION = load();

    private ProjectVersion() {}

    /** The build's {@code project.version}, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = ProjectVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        "connect-common's " + RESOURCE + " is missing from the classpath; rebuild the module");
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "").strip();
            if (v.isEmpty() || v.startsWith("${")) {
                throw new IllegalStateException(
                        "connect-common's " + RESOURCE + " was not filtered by the build (version=" + v + ")");
            }
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read connect-common's " + RESOURCE, e);
        }
    }
}
