package dev.ddbimport.deploy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The repository the compose stack and its images are built from: its root, its Maven reactor (modules,
 * version, pinned versions) and the artifacts each module's {@code package} phase writes, under the
 * names the Dockerfile copies them by.
 */
final class ComposeRepository {

    private final Path root;
    private final Path deployBuildDir;
    private final Element rootPom;

    private ComposeRepository(Path root, Path deployBuildDir) {
        this.root = root;
        this.deployBuildDir = deployBuildDir;
        this.rootPom = pom(root.resolve("pom.xml")).getDocumentElement();
    }

    /** The repository around this module: {@code ${project.basedir}/..}, as surefire and failsafe set basedir. */
    static ComposeRepository locate() {
        Path basedir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                .toAbsolutePath()
                .normalize();
        Path root = basedir.getParent();
        if (root == null
                || !Files.isRegularFile(root.resolve("pom.xml"))
                || !Files.isDirectory(root.resolve("deploy"))) {
            throw new IllegalStateException("Cannot find the repository root above " + basedir
                    + ": run the tests from the deploy module (mvn -pl deploy ...)");
        }
        return new ComposeRepository(root, testClassesDir().getParent());
    }

    private static Path testClassesDir() {
        try {
            return Path.of(ComposeRepository.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toAbsolutePath()
                    .normalize();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot tell where the deploy module's test classes are", e);
        }
    }

    Path root() {
        return root;
    }

    Path path(String relative) {
        return root.resolve(relative).normalize();
    }

    String projectVersion() {
        return text(rootPom, "version");
    }

    /** A {@code <properties>} entry of the root pom (the versions the whole build pins). */
    String property(String name) {
        Element properties = child(rootPom, "properties");
        return text(properties, name);
    }

    List<String> modules() {
        List<String> modules = new ArrayList<>();
        Element list = child(rootPom, "modules");
        for (Element module : children(list, "module")) {
            modules.add(module.getTextContent().strip());
        }
        return modules;
    }

    /**
     * The file names {@code mvn package} writes into {@code module}'s build directory: its jar, a shaded
     * jar under the shade plugin's finalName, and each assembly (id, format) as Maven names it.
     */
    Set<String> packagedArtifacts(String module) {
        Element project = pom(root.resolve(module).resolve("pom.xml")).getDocumentElement();
        String artifactId = text(project, "artifactId");
        String version = projectVersion();
        Set<String> names = new LinkedHashSet<>();
        names.add(artifactId + "-" + version + ".jar");
        Element build = child(project, "build");
        Element plugins = build == null ? null : child(build, "plugins");
        if (plugins == null) {
            return names;
        }
        for (Element plugin : children(plugins, "plugin")) {
            String pluginId = text(plugin, "artifactId");
            for (Element configuration : descendants(plugin, "configuration")) {
                if ("maven-shade-plugin".equals(pluginId) && child(configuration, "finalName") != null) {
                    names.add(text(configuration, "finalName") + ".jar");
                }
                if ("maven-assembly-plugin".equals(pluginId) && child(configuration, "descriptors") != null) {
                    for (Element descriptor : children(child(configuration, "descriptors"), "descriptor")) {
                        Element assembly = pom(root.resolve(module)
                                        .resolve(descriptor.getTextContent().strip()))
                                .getDocumentElement();
                        for (Element format : children(child(assembly, "formats"), "format")) {
                            names.add(artifactId + "-" + version + "-" + text(assembly, "id") + "."
                                    + format.getTextContent().strip());
                        }
                    }
                }
            }
        }
        return names;
    }

    /**
     * Where {@code module} was built in this Maven run, when it was: beside this module's build directory
     * ({@code -DbuildDir=.../${project.artifactId}}) or in the module's own {@code target/}.
     */
    Optional<Path> buildDir(String module) {
        Path candidate = deployBuildDir.equals(root.resolve("deploy").resolve("target"))
                ? root.resolve(module).resolve("target")
                : deployBuildDir.resolveSibling(module);
        return Files.isDirectory(candidate) ? Optional.of(candidate) : Optional.empty();
    }

    private static Document pom(Path file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(false);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(file.toFile());
        } catch (IOException | org.xml.sax.SAXException | javax.xml.parsers.ParserConfigurationException e) {
            throw new IllegalStateException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static String text(Element parent, String name) {
        Element child = child(parent, name);
        if (child == null) {
            throw new IllegalStateException("<" + parent.getTagName() + "> has no <" + name + ">");
        }
        return child.getTextContent().strip();
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        if (parent == null) {
            return found;
        }
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element element && element.getTagName().equals(name)) {
                found.add(element);
            }
        }
        return found;
    }

    private static List<Element> descendants(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getElementsByTagName(name);
        for (int i = 0; i < nodes.getLength(); i++) {
            found.add((Element) nodes.item(i));
        }
        return found;
    }
}
