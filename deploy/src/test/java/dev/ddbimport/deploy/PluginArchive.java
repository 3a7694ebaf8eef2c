package dev.ddbimport.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * One connector plugin archive as the build attached it (the zip the pom's {@code dependency:properties}
 * names in a system property): its entries, its manifest, and installing it the way an operator does,
 * by unzipping it into a plugin path.
 *
 * @param zip the archive
 * @param connectorClass the connector it must carry
 * @param artifactId the connector module, whose jar is in the archive's {@code lib/}
 * @param entries every entry name, folders included (ending in {@code /}), read once
 */
record PluginArchive(Path zip, String connectorClass, String artifactId, List<String> entries) {

    static final String SOURCE_CLASS = "dev.ddbimport.source.S3ImportSourceConnector";
    static final String SINK_CLASS = "dev.ddbimport.sink.DynamoDbSinkConnector";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The root pom's: the version the reactor built the archives at. */
    private static final String VERSION = ComposeRepository.locate().projectVersion();

    PluginArchive {
        entries = List.copyOf(entries);
    }

    PluginArchive(Path zip, String connectorClass, String artifactId) {
        this(zip, connectorClass, artifactId, entriesOf(zip));
    }

    static PluginArchive source() {
        return new PluginArchive(archiveFrom("plugin.archive.source"), SOURCE_CLASS, "connector-s3-source");
    }

    static PluginArchive sink() {
        return new PluginArchive(archiveFrom("plugin.archive.sink"), SINK_CLASS, "connector-dynamodb-sink");
    }

    /** The version Maven built, which the archives and their manifests carry. */
    static String projectVersion() {
        return VERSION;
    }

    private static Path archiveFrom(String property) {
        return Path.of(requiredProperty(property));
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            throw new IllegalStateException("System property " + name
                    + " is not set: run the tests through Maven (mvn -pl deploy -am verify), whose pom sets it");
        }
        return value;
    }

    /** The component type its Confluent Hub manifest declares: {@code source} or {@code sink}. */
    String type() {
        return connectorClass.equals(SOURCE_CLASS) ? "source" : "sink";
    }

    /** The Connect API the connector implements, whose {@code META-INF/services} file lists it. */
    String connectorApi() {
        return connectorClass.equals(SOURCE_CLASS)
                ? "org.apache.kafka.connect.source.SourceConnector"
                : "org.apache.kafka.connect.sink.SinkConnector";
    }

    private static List<String> entriesOf(Path zip) {
        Objects.requireNonNull(zip, "zip");
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("No plugin archive at " + zip
                    + ": run the tests through Maven (mvn -pl deploy -am verify), which builds the archives first");
        }
        try (ZipFile file = new ZipFile(zip.toFile())) {
            List<String> names = new ArrayList<>();
            file.stream().map(ZipEntry::getName).forEach(names::add);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the plugin archive " + zip + ": " + e.getMessage(), e);
        }
    }

    /** The folder everything lies in: the first path segment of the first entry. */
    String topFolder() {
        String first = entries().get(0);
        return first.substring(0, first.indexOf('/'));
    }

    /** The file names in {@code lib/}. */
    List<String> libJars() {
        String lib = topFolder() + "/lib/";
        return entries().stream()
                .filter(name -> name.startsWith(lib) && name.length() > lib.length())
                .map(name -> name.substring(lib.length()))
                .toList();
    }

    /** The connector module's own jar in {@code lib/}. */
    String connectorJar() {
        return topFolder() + "/lib/" + artifactId + "-" + projectVersion() + ".jar";
    }

    JsonNode manifest() {
        return json(topFolder() + "/manifest.json");
    }

    JsonNode json(String entry) {
        try {
            return JSON.readTree(bytes(entry));
        } catch (IOException e) {
            throw new UncheckedIOException(entry + " in " + zip + " is not JSON: " + e.getMessage(), e);
        }
    }

    String text(String entry) {
        return new String(bytes(entry), StandardCharsets.UTF_8);
    }

    /** An entry's bytes; fails naming the entry when the archive lacks it. */
    byte[] bytes(String entry) {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            ZipEntry found = file.getEntry(entry);
            if (found == null) {
                throw new AssertionError(zip.getFileName() + " has no " + entry + "; it has " + entries());
            }
            try (InputStream in = file.getInputStream(found)) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + entry + " in " + zip + ": " + e.getMessage(), e);
        }
    }

    /** The bytes of {@code inner} inside the jar entry {@code jar} (a jar is a zip too). */
    byte[] bytesInJar(String jar, String inner) {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bytes(jar)))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().equals(inner)) {
                    return in.readAllBytes();
                }
            }
            throw new AssertionError(jar + " in " + zip.getFileName() + " has no " + inner);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + jar + " in " + zip + ": " + e.getMessage(), e);
        }
    }

    /**
     * Unzips the archive into {@code pluginPath}, as an operator installs a plugin by hand.
     *
     * @return the plugin's folder in {@code pluginPath}
     */
    Path installInto(Path pluginPath) {
        Path root = pluginPath.toAbsolutePath().normalize();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IllegalStateException(
                            "Entry " + entry.getName() + " of " + zip + " would land outside " + root);
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot install " + zip + " into " + root + ": " + e.getMessage(), e);
        }
        return root.resolve(topFolder());
    }
}
