package dev.acrwatch.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.acrwatch.probe.ProbeConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.io.StringReader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads and validates a config file strictly: unknown keys are errors, all errors at once.
 *
 * <p>How it works: the YAML is parsed into a Jackson tree, then each top-level section is read by
 * its own small class ({@code WorkspacesSection}, {@code PollSection}, …) through a {@link Node},
 * which records every problem with its key path instead of throwing. {@code ${NAME}} is expanded
 * per scalar after parsing, so a variable's value can never add YAML structure.
 *
 * <p>To add a section {@code foo}: write {@code FooSection} with {@code static FooConfig parse(Node)}
 * that reads its keys with {@code node.string/duration/integer/child/mapList…} and ends with
 * {@code node.finish()}; call it from {@link #build} as {@code FooSection.parse(root.child("foo"))}
 * (the call also makes {@code foo} a known top-level key); add the record to {@link AcrWatchConfig};
 * add one fixture per new kind of error under {@code src/test/resources/config/bad/}.
 */
public final class ConfigLoader {

    private static final int MAX_BYTES = 1 << 20;
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'", Pattern.DOTALL);

    private ConfigLoader() {}

    /**
     * Loads a file; relative {@code *_file} paths are taken from the file's folder.
     *
     * @param env variables for {@code ${NAME}} substitution (System.getenv() in production)
     */
    public static AcrWatchConfig load(Path file, Map<String, String> env) throws ConfigException {
        String source = file.toString();
        String text;
        try {
            if (Files.isDirectory(file)) {
                throw new ConfigException(source, List.of("cannot read the config file: it is a directory"));
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException(source, List.of("the config file is larger than 1 MiB"));
            }
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(source, List.of("cannot read the config file: no such file"));
        } catch (AccessDeniedException e) {
            throw new ConfigException(source, List.of("cannot read the config file: permission denied"));
        } catch (IOException e) {
            throw new ConfigException(source, List.of("cannot read the config file: " + e.getClass().getSimpleName()));
        }
        Path dir = file.toAbsolutePath().getParent();
        return load(source, text, env, dir == null ? Path.of("") : dir);
    }

    /** Loads YAML text; {@code sourceName} prefixes the error report, relative paths are from the working directory. */
    public static AcrWatchConfig load(String sourceName, String yamlText, Map<String, String> env)
            throws ConfigException {
        return load(sourceName, yamlText, env, Path.of(""));
    }

    static AcrWatchConfig load(String sourceName, String yamlText, Map<String, String> env, Path baseDir)
            throws ConfigException {
        JsonNode tree = parse(sourceName, yamlText);
        Problems problems = new Problems(tree);
        Node root = Node.root(tree, new Node.Context(problems, Map.copyOf(env), baseDir));
        AcrWatchConfig config = build(root);
        if (!problems.isEmpty()) {
            throw new ConfigException(sourceName, problems.inDocumentOrder());
        }
        return config;
    }

    private static AcrWatchConfig build(Node root) {
        WorkspacesSection.Parsed workspaces = WorkspacesSection.parse(root);
        PollConfig poll = PollSection.parse(root.child("poll"));
        MetricsConfig metrics = MetricsSection.parse(root.child("metrics"));
        LoggingConfig logging = LoggingSection.parse(root.child("logging"));
        AlertingConfig alerting = AlertingSection.parse(root.child("alerting"));
        Optional<ProbeConfig> probes = ProbesSection.parse(root, workspaces.listedRegistries());
        StoreConfig store = StoreSection.parse(root.child("store"), root.baseDir());
        root.finish();
        return new AcrWatchConfig(workspaces.workspaces(), poll, metrics, logging, alerting, probes, store);
    }

    private static JsonNode parse(String source, String text) throws ConfigException {
        LoaderOptions limits = new LoaderOptions();
        limits.setMaxAliasesForCollections(20);
        limits.setCodePointLimit(MAX_BYTES);
        // YAML 1.2 reading: "key:" is null (not ""), and on/off/yes/no stay strings
        YAMLFactory yaml = YAMLFactory.builder().loaderOptions(limits)
                .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
                .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
                .build();
        ObjectMapper mapper = new ObjectMapper(yaml)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        try (JsonParser parser = mapper.createParser(text)) {
            JsonNode tree = mapper.readTree(parser);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                throw new ConfigException(source, List.of(
                        "(top level): the file is empty; at least \"workspaces\" is required"));
            }
            if (!tree.isObject()) {
                throw new ConfigException(source, List.of("(top level): expected a map of sections "
                        + "(workspaces, poll, metrics, logging, alerting, probes), found " + Render.describe("", tree)));
            }
            if (parser.nextToken() != null) {
                throw new ConfigException(source, List.of(at(parser.currentLocation())
                        + "only one YAML document is allowed (remove the second \"---\")"));
            }
            rejectAliases(source, text, limits);
            return tree;
        } catch (JsonProcessingException e) {
            throw new ConfigException(source, List.of(syntaxProblem(e)));
        } catch (IOException e) {
            // reading from a String: only malformed input gets here
            throw new ConfigException(source, List.of("cannot parse YAML: " + e.getClass().getSimpleName()));
        }
    }

    /** Jackson reads an alias as its plain name, which would give baffling errors further on. */
    private static void rejectAliases(String source, String text, LoaderOptions limits) throws ConfigException {
        for (Event event : new Yaml(limits).parse(new StringReader(text))) {
            if (event instanceof AliasEvent alias) {
                Mark at = alias.getStartMark();
                throw new ConfigException(source, List.of("line " + (at.getLine() + 1) + ", column "
                        + (at.getColumn() + 1) + ": YAML aliases (*" + alias.getAnchor()
                        + ") are not supported; write the value out"));
            }
        }
    }

    private static String syntaxProblem(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            Mark at = yaml.getProblemMark();
            Mark context = yaml.getContextMark();
            String where = context == null || yaml.getContext() == null ? ""
                    : " (" + yaml.getContext() + " that starts at line " + (context.getLine() + 1)
                            + ", column " + (context.getColumn() + 1) + ")";
            return "line " + (at.getLine() + 1) + ", column " + (at.getColumn() + 1) + ": "
                    + oneLine(yaml.getProblem()) + where;
        }
        Matcher duplicate = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
        String problem = duplicate.matches()
                ? "duplicate key " + Render.quote(duplicate.group(1))
                : oneLine(e.getOriginalMessage());
        return at(e.getLocation()) + problem;
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return "line " + location.getLineNr() + ", column " + location.getColumnNr() + ": ";
    }

    private static String oneLine(String message) {
        return message == null ? "invalid YAML" : message.strip().replaceAll("\\s*\\n\\s*", "; ");
    }
}
