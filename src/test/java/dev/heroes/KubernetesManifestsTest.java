package dev.heroes;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.heroes.config.AppConfig;
import dev.heroes.config.AppConfig.ServerSettings;
import dev.heroes.observe.Management;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code deploy/kubernetes}: every object is valid against the Kubernetes API's JSON schema of its
 * kind, strictly (a key the API does not know fails, as {@code kubectl apply --validate=strict}
 * fails it), from the schemas in {@code src/test/resources/kubernetes/schemas} (their README says
 * where they come from), and the objects agree with each other and with the service where no
 * schema can tell: the probes reach the management listener's health paths, the Service, the
 * NetworkPolicy and the PodDisruptionBudget select the Deployment's pods, the Service exposes the
 * API only, the memory limit leaves room beyond the launcher's heap, the drain fits in the grace
 * period, and the service accepts every setting the manifests give it. {@code kubectl kustomize}
 * builds them where kubectl is installed.
 */
class KubernetesManifestsTest {

    private static final Path DIR = Path.of("deploy/kubernetes");
    private static final Path SCHEMAS = Path.of("src/test/resources/kubernetes/schemas");
    private static final Path CONTAINERFILE = Path.of("deploy/container/Containerfile");
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final SchemaRegistry SCHEMA_REGISTRY =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
    private static final Map<Path, Schema> SCHEMAS_READ = new java.util.concurrent.ConcurrentHashMap<>();
    private static final long MIB = 1024 * 1024;

    /** One YAML document of a file under deploy/kubernetes. */
    record Manifest(Path file, JsonNode object) {
        String apiVersion() {
            return object.path("apiVersion").asString();
        }

        String kind() {
            return object.path("kind").asString();
        }

        String name() {
            return object.path("metadata").path("name").asString();
        }

        @Override
        public String toString() {
            return file.getFileName() + ": " + apiVersion() + " " + kind() + " " + name();
        }
    }

    @Test
    void everyObjectIsValidAgainstTheKubernetesSchemaOfItsKind() throws IOException {
        List<Manifest> manifests = manifests();

        assertThat(manifests)
                .extracting(Manifest::kind)
                .contains(
                        "Namespace",
                        "ServiceAccount",
                        "ConfigMap",
                        "Deployment",
                        "Service",
                        "NetworkPolicy",
                        "PodDisruptionBudget");
        for (Manifest manifest : manifests) {
            assertThat(errors(manifest.object())).as(manifest.toString()).isEmpty();
        }
    }

    @Test
    void theSchemasAreStrict() throws IOException {
        ObjectNode deployment = (ObjectNode) only("Deployment").object().deepCopy();
        ObjectNode container = (ObjectNode) container(deployment);
        container.set("readinesProbe", container.remove("readinessProbe"));
        assertThat(errors(deployment))
                .as("a misspelt key")
                .anySatisfy(error -> assertThat(error).contains("readinesProbe"));

        ObjectNode wrongType = (ObjectNode) only("Deployment").object().deepCopy();
        ((ObjectNode) wrongType.path("spec")).put("replicas", "two");
        assertThat(errors(wrongType))
                .as("a string for an integer")
                .anySatisfy(error -> assertThat(error).contains("replicas"));

        ObjectNode noPort = (ObjectNode) only("Deployment").object().deepCopy();
        ((ObjectNode) container(noPort).path("livenessProbe").path("httpGet")).remove("port");
        assertThat(errors(noPort))
                .as("a required key left out")
                .anySatisfy(error -> assertThat(error).contains("port"));

        ObjectNode oldApi = (ObjectNode) only("PodDisruptionBudget").object().deepCopy();
        oldApi.put("apiVersion", "policy/v1beta1");
        assertThat(errors(oldApi, SCHEMAS.resolve(schemaFile("policy/v1", "PodDisruptionBudget"))))
                .as("another apiVersion against the kind's schema")
                .anySatisfy(error -> assertThat(error).contains("apiVersion"));

        ObjectNode service = (ObjectNode) only("Service").object().deepCopy();
        ((ObjectNode) service.path("spec")).set("selektor", service.path("spec").path("selector"));
        assertThat(errors(service))
                .as("a misspelt key of another kind")
                .anySatisfy(error -> assertThat(error).contains("selektor"));
    }

    @Test
    void theKustomizationListsEveryFile() throws IOException {
        JsonNode kustomization = YAML.readTree(Files.readString(DIR.resolve("kustomization.yaml")));
        Set<String> resources = new LinkedHashSet<>();
        kustomization.path("resources").values().forEach(resource -> resources.add(resource.asString()));
        Set<String> files;
        try (Stream<Path> listed = Files.list(DIR)) {
            files = listed.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml"))
                    .collect(Collectors.toSet());
        }

        assertThat(resources)
                .as("every manifest is applied, and only those")
                .containsExactlyInAnyOrderElementsOf(files);
        assertThat(kustomization.path("kind").asString()).isEqualTo("Kustomization");
        assertThat(kustomization.propertyNames())
                .as("keys kustomize knows")
                .isSubsetOf("apiVersion", "kind", "namespace", "resources", "images", "labels", "patches");
        assertThat(kustomization.path("images").values())
                .extracting(image -> image.path("name").asString())
                .as("the image the Deployment names, which `kustomize edit set image` replaces")
                .containsExactly(
                        container(only("Deployment").object()).path("image").asString());
    }

    @Test
    void theProbesAskTheManagementListenersHealthPaths() throws IOException {
        JsonNode container = container(only("Deployment").object());
        Map<String, String> config = configMap();
        int managementPort = Integer.parseInt(
                config.getOrDefault("MANAGEMENT_PORT", String.valueOf(AppConfig.DEFAULT_MANAGEMENT_PORT)));
        int apiPort = Integer.parseInt(config.getOrDefault("PORT", String.valueOf(AppConfig.DEFAULT_PORT)));
        Map<String, Integer> ports = containerPorts(container);

        assertThat(ports).containsEntry("management", managementPort).containsEntry("api", apiPort);
        assertThat(config).containsEntry("MANAGEMENT_HOST", "0.0.0.0");
        Map<String, String> paths = Map.of(
                "startupProbe", Management.HEALTH_PATH + "/live",
                "livenessProbe", Management.HEALTH_PATH + "/live",
                "readinessProbe", Management.HEALTH_PATH + "/ready");
        paths.forEach((probe, path) -> {
            JsonNode get = container.path(probe).path("httpGet");
            assertThat(get.path("path").asString()).as(probe).isEqualTo(path);
            assertThat(ports.get(get.path("port").asString()))
                    .as(probe + " names a container port, the management listener's")
                    .isEqualTo(managementPort);
        });
        JsonNode annotations =
                only("Deployment").object().path("spec").path("template").path("metadata");
        assertThat(annotations.path("annotations").path("prometheus.io/path").asString())
                .isEqualTo(Management.METRICS_PATH);
        assertThat(annotations.path("annotations").path("prometheus.io/port").asString())
                .isEqualTo(String.valueOf(managementPort));
    }

    @Test
    void theServiceSelectsThePodsAndExposesTheApiOnly() throws IOException {
        JsonNode deployment = only("Deployment").object();
        Map<String, String> podLabels = strings(
                deployment.path("spec").path("template").path("metadata").path("labels"));
        Map<String, Integer> ports = containerPorts(container(deployment));
        JsonNode service = only("Service").object().path("spec");

        assertThat(podLabels)
                .containsAllEntriesOf(
                        strings(deployment.path("spec").path("selector").path("matchLabels")));
        assertThat(podLabels).containsAllEntriesOf(strings(service.path("selector")));
        assertThat(service.path("selector").propertyNames()).isNotEmpty();
        assertThat(service.path("type").asString("ClusterIP")).isEqualTo("ClusterIP");
        assertThat(service.path("ports").values()).hasSize(1);
        JsonNode target = service.path("ports").get(0).path("targetPort");
        int targetPort = target.isNumber() ? target.asInt() : ports.get(target.asString());
        assertThat(targetPort).as("the Service's one port leads to the API").isEqualTo(ports.get("api"));
    }

    @Test
    void theNetworkPolicyAndTheDisruptionBudgetCoverThePodsAndKeepManagementInside() throws IOException {
        JsonNode deployment = only("Deployment").object();
        Map<String, String> podLabels = strings(
                deployment.path("spec").path("template").path("metadata").path("labels"));
        Map<String, Integer> ports = containerPorts(container(deployment));
        JsonNode policy = only("NetworkPolicy").object().path("spec");
        JsonNode budget = only("PodDisruptionBudget").object().path("spec");

        assertThat(podLabels)
                .containsAllEntriesOf(strings(policy.path("podSelector").path("matchLabels")));
        assertThat(policy.path("podSelector").path("matchLabels").propertyNames())
                .isNotEmpty();
        assertThat(podLabels)
                .containsAllEntriesOf(strings(budget.path("selector").path("matchLabels")));
        assertThat(budget.path("selector").path("matchLabels").propertyNames()).isNotEmpty();
        assertThat(policy.path("policyTypes").values())
                .extracting(JsonNode::asString)
                .contains("Ingress");

        boolean apiFromAnywhere = false;
        for (JsonNode rule : policy.path("ingress").values()) {
            Set<Integer> rulePorts = new LinkedHashSet<>();
            rule.path("ports").values().forEach(port -> rulePorts.add(portNumber(port.path("port"), ports)));
            boolean fromAnywhere = rule.path("from").values().isEmpty();
            if (rulePorts.isEmpty() || rulePorts.contains(ports.get("management"))) {
                assertThat(fromAnywhere)
                        .as("a rule that lets anyone reach the management port")
                        .isFalse();
                rule.path("from")
                        .values()
                        .forEach(peer -> assertThat(peer.has("ipBlock"))
                                .as("an address range may be outside the cluster: " + peer)
                                .isFalse());
            }
            apiFromAnywhere |= fromAnywhere && rulePorts.contains(ports.get("api"));
        }
        assertThat(apiFromAnywhere).as("the API port is open to every client").isTrue();

        int replicas = deployment.path("spec").path("replicas").asInt();
        if (budget.has("maxUnavailable")) {
            assertThat(budget.path("maxUnavailable").asInt()).isBetween(1, replicas - 1);
        } else {
            assertThat(budget.path("minAvailable").asInt()).isBetween(1, replicas - 1);
        }
    }

    @Test
    void theMemoryLimitLeavesRoomBeyondTheLaunchersHeap() throws IOException {
        String flags = launcherFlags();
        assertThat(flags).as("a heap that depends on the container's limit").doesNotContain("RAMPercentage");
        JsonNode deployment = only("Deployment").object();

        for (JsonNode container : containers(deployment)) {
            String options = env(container).getOrDefault("JAVA_OPTS", "");
            long heap = heap(flags + " " + options);
            JsonNode resources = container.path("resources");
            long limit = quantity(resources.path("limits").path("memory").asString());

            // The process stays under 256 MiB under load with its 128 MiB heap (docs/OPERATING.md):
            // 128 MiB beyond the heap, and as much again for the JIT compiler's bursts.
            assertThat(limit)
                    .as(container.path("name").asString() + "'s memory limit against -Xmx" + heap / MIB + "m")
                    .isGreaterThanOrEqualTo(heap + 256 * MIB);
            assertThat(quantity(resources.path("requests").path("memory").asString()))
                    .as("requested as much memory as its limit")
                    .isEqualTo(limit);
            assertThat(quantity(resources.path("requests").path("cpu").asString()))
                    .isPositive();
        }
    }

    @Test
    void rollsOneAtATimeAndDrainsWithinTheGracePeriod() throws IOException {
        JsonNode spec = only("Deployment").object().path("spec");
        JsonNode pod = spec.path("template").path("spec");
        JsonNode container = container(only("Deployment").object());
        int shutdownGrace = Integer.parseInt(configMap()
                .getOrDefault("SHUTDOWN_GRACE", String.valueOf(ServerSettings.DEFAULT_SHUTDOWN_GRACE.toSeconds())));
        int preStop = container
                .path("lifecycle")
                .path("preStop")
                .path("sleep")
                .path("seconds")
                .asInt(0);
        JsonNode startup = container.path("startupProbe");

        assertThat(spec.path("replicas").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(spec.path("strategy")
                        .path("rollingUpdate")
                        .path("maxUnavailable")
                        .asInt(-1))
                .isZero();
        assertThat(pod.path("terminationGracePeriodSeconds").asInt())
                .as("the preStop pause, SHUTDOWN_GRACE and a margin")
                .isGreaterThan(preStop + shutdownGrace);
        assertThat(preStop).as("a pause for the endpoints to drop the pod").isPositive();
        assertThat(startup.path("periodSeconds").asInt()
                        * startup.path("failureThreshold").asInt())
                .as("seconds a start may take, a migration included")
                .isGreaterThanOrEqualTo(120);
        assertThat(pod.path("initContainers").values())
                .as("migrations before the service starts")
                .anySatisfy(init -> assertThat(init.path("args").values())
                        .extracting(JsonNode::asString)
                        .containsExactly("migrate"));
    }

    @Test
    void runsAsANonRootUserOnAReadOnlyRootWithNothingPrivileged() throws IOException {
        JsonNode pod = only("Deployment").object().path("spec").path("template").path("spec");
        JsonNode context = pod.path("securityContext");

        assertThat(context.path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(context.path("runAsUser").asInt()).isPositive();
        assertThat(context.path("seccompProfile").path("type").asString()).isEqualTo("RuntimeDefault");
        assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).isFalse();
        assertThat(only("ServiceAccount")
                        .object()
                        .path("automountServiceAccountToken")
                        .asBoolean(true))
                .isFalse();
        assertThat(pod.path("serviceAccountName").asString())
                .isEqualTo(only("ServiceAccount").name());
        for (JsonNode container : containers(only("Deployment").object())) {
            JsonNode own = container.path("securityContext");
            String name = container.path("name").asString();
            assertThat(own.path("readOnlyRootFilesystem").asBoolean()).as(name).isTrue();
            assertThat(own.path("allowPrivilegeEscalation").asBoolean(true))
                    .as(name)
                    .isFalse();
            assertThat(own.path("capabilities").path("drop").values())
                    .extracting(JsonNode::asString)
                    .as(name)
                    .containsExactly("ALL");
            assertThat(own.path("privileged").asBoolean(false)).as(name).isFalse();
        }
    }

    @Test
    void theImagesUserAndLauncherAreTheManifests() throws IOException {
        Assumptions.assumeTrue(
                Files.isRegularFile(CONTAINERFILE), CONTAINERFILE + " is not here: the image's user is not compared");
        List<String> lines = Files.readAllLines(CONTAINERFILE);
        String user = lines.stream()
                .map(String::strip)
                .filter(line -> line.startsWith("USER "))
                .reduce((first, last) -> last)
                .orElseThrow(() -> new AssertionError(CONTAINERFILE + " sets no USER"))
                .substring("USER ".length())
                .strip();
        JsonNode pod = only("Deployment").object().path("spec").path("template").path("spec");

        assertThat(user.split(":")[0])
                .as("the image's USER, numeric so that runAsNonRoot can check it")
                .isEqualTo(pod.path("securityContext").path("runAsUser").asString());
        for (JsonNode container : containers(only("Deployment").object())) {
            assertThat(String.join("\n", lines))
                    .as("the launcher the manifests run")
                    .contains(container.path("command").get(0).asString());
        }
    }

    @Test
    void theServiceAcceptsEverySettingTheManifestsGive(@TempDir Path dir) throws IOException {
        Set<String> known = AppConfig.VARIABLES.stream()
                .map(AppConfig.Variable::name)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        known.add("JAVA_OPTS"); // the launcher's, for the JVM
        JsonNode pod = only("Deployment").object().path("spec").path("template").path("spec");
        Map<String, String> mounts = new HashMap<>();

        for (JsonNode container : containers(only("Deployment").object())) {
            String name = container.path("name").asString();
            Map<String, String> env = new HashMap<>(configMap());
            env.putAll(env(container));
            assertThat(container.path("envFrom").values())
                    .extracting(from -> from.path("configMapRef").path("name").asString())
                    .containsExactly(only("ConfigMap").name());
            assertThat(env.keySet())
                    .as(name + "'s variables, as heroes --help lists them")
                    .isSubsetOf(known);
            assertThat(env.keySet()).as("secrets come from files").doesNotContain("DATABASE_URL", "DATABASE_PASSWORD");

            // Each *_FILE names a file of a mounted Secret: the service reads it at start, and
            // here it reads a stand-in of the same kind.
            for (JsonNode mount : container.path("volumeMounts").values()) {
                mounts.put(
                        mount.path("mountPath").asString(), mount.path("name").asString());
            }
            for (Map.Entry<String, String> variable : Map.copyOf(env).entrySet()) {
                if (!variable.getKey().endsWith("_FILE")) {
                    continue;
                }
                Path file = Path.of(variable.getValue());
                String volume = mounts.get(file.getParent().toString());
                assertThat(volume).as(variable + " is in a mounted volume").isNotNull();
                assertThat(pod.path("volumes").values())
                        .filteredOn(v -> v.path("name").asString().equals(volume))
                        .singleElement()
                        .satisfies(v -> assertThat(
                                        v.path("secret").path("secretName").asString())
                                .isNotEmpty());
                Path standIn = dir.resolve(name + "-" + file.getFileName());
                Files.writeString(standIn, standIn(variable.getKey()), StandardCharsets.UTF_8);
                env.put(variable.getKey(), standIn.toString());
            }

            AppConfig config = AppConfig.fromEnvironment(env);
            assertThat(config.auth().enabled())
                    .as("authentication on, as a HOST other than loopback needs")
                    .isTrue();
            assertThat(config.database().kind()).isEqualTo(dev.heroes.config.DatabaseUrl.Kind.POSTGRESQL);
        }
    }

    @Test
    void kubectlBuildsTheKustomizationIntoValidObjects() throws IOException, InterruptedException {
        Optional<Path> kubectl = Stream.of("/usr/bin/kubectl", "/usr/local/bin/kubectl")
                .map(Path::of)
                .filter(Files::isExecutable)
                .findFirst();
        Assumptions.assumeTrue(kubectl.isPresent(), "kubectl is not installed here: kustomize is not run");
        Process build = new ProcessBuilder(kubectl.get().toString(), "kustomize", DIR.toString()).start();
        String built = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String said = new String(build.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(build.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(build.exitValue()).as(said).isZero();
        List<JsonNode> objects = new ArrayList<>();
        YAML.readerFor(JsonNode.class).<JsonNode>readValues(built).forEachRemaining(objects::add);
        assertThat(objects).hasSize(manifests().size());
        for (JsonNode object : objects) {
            assertThat(errors(object)).as(object.path("kind").asString()).isEmpty();
            if (!object.path("kind").asString().equals("Namespace")) {
                assertThat(object.path("metadata").path("namespace").asString()).isEqualTo("heroes");
            }
        }
        assertThat(built).contains("image: heroes:latest");
    }

    // ---------------------------------------------------------------------------------------------

    static List<Manifest> manifests() throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(DIR)) {
            files = listed.filter(file ->
                            file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
                    .filter(file -> !file.getFileName().toString().equals("kustomization.yaml"))
                    .sorted()
                    .toList();
        }
        List<Manifest> manifests = new ArrayList<>();
        for (Path file : files) {
            YAML.readerFor(JsonNode.class)
                    .<JsonNode>readValues(Files.readString(file))
                    .forEachRemaining(object -> {
                        if (object != null && !object.isNull() && !object.isMissingNode()) {
                            manifests.add(new Manifest(file, object));
                        }
                    });
        }
        return manifests;
    }

    private static Manifest only(String kind) throws IOException {
        List<Manifest> found =
                manifests().stream().filter(m -> m.kind().equals(kind)).toList();
        assertThat(found).as("objects of kind " + kind).hasSize(1);
        return found.getFirst();
    }

    /** The schema's complaints about an object, one line each; none when it is valid. */
    private static List<String> errors(JsonNode object) {
        return errors(
                object,
                SCHEMAS.resolve(schemaFile(
                        object.path("apiVersion").asString(),
                        object.path("kind").asString())));
    }

    private static List<String> errors(JsonNode object, Path file) {
        assertThat(file).as("a schema for " + object.path("kind").asString()).isRegularFile();
        Schema schema = SCHEMAS_READ.computeIfAbsent(file, KubernetesManifestsTest::schema);
        return schema.validate(object).stream().map(Error::toString).toList();
    }

    private static Schema schema(Path file) {
        try {
            return SCHEMA_REGISTRY.getSchema(Files.readString(file), InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** kubeconform's file names: {@code deployment-apps-v1.json}, {@code service-v1.json}. */
    static String schemaFile(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash).split("\\.")[0] + "-";
        return kind.toLowerCase(java.util.Locale.ROOT) + "-" + group + apiVersion.substring(slash + 1) + ".json";
    }

    private static Map<String, String> configMap() throws IOException {
        return strings(only("ConfigMap").object().path("data"));
    }

    private static List<JsonNode> containers(JsonNode deployment) {
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        List<JsonNode> containers = new ArrayList<>(pod.path("initContainers").values());
        containers.addAll(pod.path("containers").values());
        return containers;
    }

    /** The service's container (the first: there is one). */
    private static JsonNode container(JsonNode deployment) {
        JsonNode containers =
                deployment.path("spec").path("template").path("spec").path("containers");
        assertThat(containers.values()).hasSize(1);
        return containers.get(0);
    }

    private static Map<String, Integer> containerPorts(JsonNode container) {
        Map<String, Integer> ports = new HashMap<>();
        container
                .path("ports")
                .values()
                .forEach(port -> ports.put(
                        port.path("name").asString(), port.path("containerPort").asInt()));
        return ports;
    }

    private static int portNumber(JsonNode port, Map<String, Integer> named) {
        return port.isNumber() ? port.asInt() : named.getOrDefault(port.asString(), -1);
    }

    private static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new HashMap<>();
        container
                .path("env")
                .values()
                .forEach(variable -> env.put(
                        variable.path("name").asString(), variable.path("value").asString()));
        return env;
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new HashMap<>();
        object.properties()
                .forEach(entry -> map.put(entry.getKey(), entry.getValue().asString()));
        return map;
    }

    /** What a Secret's file would hold, for the variable that names it. */
    private static String standIn(String variable) {
        return switch (variable) {
            case "DATABASE_URL_FILE" -> "postgresql://heroes:secret@postgres.example:5432/heroes\n";
            case "AUTH_API_KEYS_FILE" -> "dashboard " + "0".repeat(64) + " heroes:read,teams:read\n";
            default -> throw new AssertionError("no stand-in for " + variable + ": add one");
        };
    }

    /** The launcher's JVM flags, as the build writes them into bin/heroes. */
    private static String launcherFlags() throws IOException {
        Matcher flags = Pattern.compile("<heroes\\.run\\.flags>([^<]*)</heroes\\.run\\.flags>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(flags.find()).as("heroes.run.flags in pom.xml").isTrue();
        return flags.group(1);
    }

    /** The heap's bound in bytes: the last -Xmx, as the JVM takes the last. */
    static long heap(String flags) {
        Matcher xmx = Pattern.compile("-Xmx(\\d+)([kKmMgG]?)").matcher(flags);
        long heap = -1;
        while (xmx.find()) {
            long unit = switch (xmx.group(2).toLowerCase(java.util.Locale.ROOT)) {
                case "k" -> 1024L;
                case "m" -> MIB;
                case "g" -> 1024 * MIB;
                default -> 1L;
            };
            heap = Long.parseLong(xmx.group(1)) * unit;
        }
        assertThat(heap).as("an -Xmx in " + flags).isPositive();
        return heap;
    }

    /** A Kubernetes quantity: bytes for memory ({@code 384Mi}), cores for CPU ({@code 500m}). */
    static long quantity(String quantity) {
        Matcher parts =
                Pattern.compile("(\\d+(?:\\.\\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T|m)?").matcher(quantity);
        assertThat(parts.matches()).as("a quantity: " + quantity).isTrue();
        BigDecimal number = new BigDecimal(parts.group(1));
        String suffix = parts.group(2) == null ? "" : parts.group(2);
        BigDecimal scaled = switch (suffix) {
            case "Ki" -> number.multiply(BigDecimal.valueOf(1024));
            case "Mi" -> number.multiply(BigDecimal.valueOf(MIB));
            case "Gi" -> number.multiply(BigDecimal.valueOf(1024 * MIB));
            case "Ti" -> number.multiply(BigDecimal.valueOf(1024 * 1024 * MIB));
            case "k" -> number.scaleByPowerOfTen(3);
            case "M" -> number.scaleByPowerOfTen(6);
            case "G" -> number.scaleByPowerOfTen(9);
            case "T" -> number.scaleByPowerOfTen(12);
            case "m" -> number.scaleByPowerOfTen(-3);
            default -> number;
        };
        return scaled.setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    }
}
