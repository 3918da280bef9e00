/*
 * Writes strict, standalone JSON Schemas (draft-07) of the Kubernetes kinds that deploy/kubernetes
 * uses, read from the models of the official Kubernetes Java client (io.kubernetes:client-java-api),
 * which openapi-generator makes from the Kubernetes OpenAPI spec of one release. refresh.sh (beside
 * this file) downloads the client and runs this:
 *
 *   java --class-path client-java-api.jar:gson.jar SchemasFromKubernetesClient.java <out dir> <label>
 *
 * Each model class holds what the spec says of its type: its properties (the fields carrying gson's
 * @SerializedName, the same set as its static openapiFields), the required ones
 * (openapiRequiredFields) and each property's type (the field's Java type). A model becomes a
 * definition of type object with additionalProperties false, so that a key the spec does not name
 * (a misspelt readinesProbe) fails, as kubectl's strict validation fails it. The spec's special types
 * are written as the API server reads them: IntOrString a string or an integer, a Quantity a string
 * or a number, a time a string. A file is the kind's object with every definition it reaches, and
 * apiVersion and kind fixed to the kind's.
 */
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

public class SchemasFromKubernetesClient {

    private static final String MODELS = "io.kubernetes.client.openapi.models.";

    /** apiVersion, kind, the client's model class, the file's name (kubeconform's naming). */
    record Kind(String apiVersion, String kind, String model, String file) {}

    static final List<Kind> KINDS = List.of(
            new Kind("v1", "Namespace", "V1Namespace", "namespace-v1.json"),
            new Kind("v1", "ServiceAccount", "V1ServiceAccount", "serviceaccount-v1.json"),
            new Kind("v1", "ConfigMap", "V1ConfigMap", "configmap-v1.json"),
            new Kind("v1", "Secret", "V1Secret", "secret-v1.json"),
            new Kind("v1", "Service", "V1Service", "service-v1.json"),
            new Kind("apps/v1", "Deployment", "V1Deployment", "deployment-apps-v1.json"),
            new Kind("batch/v1", "Job", "V1Job", "job-batch-v1.json"),
            new Kind("networking.k8s.io/v1", "NetworkPolicy", "V1NetworkPolicy", "networkpolicy-networking-v1.json"),
            new Kind("policy/v1", "PodDisruptionBudget", "V1PodDisruptionBudget", "poddisruptionbudget-policy-v1.json"),
            new Kind(
                    "autoscaling/v2",
                    "HorizontalPodAutoscaler",
                    "V2HorizontalPodAutoscaler",
                    "horizontalpodautoscaler-autoscaling-v2.json"));

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        String label = args[1];
        Files.createDirectories(out);
        for (Kind kind : KINDS) {
            Map<String, Object> definitions = new TreeMap<>();
            Class<?> model = Class.forName(MODELS + kind.model());
            define(model, definitions);
            @SuppressWarnings("unchecked")
            Map<String, Object> top = new LinkedHashMap<>((Map<String, Object>) definitions.get(model.getSimpleName()));
            @SuppressWarnings("unchecked")
            Map<String, Object> properties = new TreeMap<>((Map<String, Object>) top.get("properties"));
            properties.put("apiVersion", Map.of("type", "string", "enum", List.of(kind.apiVersion())));
            properties.put("kind", Map.of("type", "string", "enum", List.of(kind.kind())));
            top.put("properties", properties);
            Set<String> required = new TreeSet<>(List.of("apiVersion", "kind"));
            @SuppressWarnings("unchecked")
            List<String> modelRequired = (List<String>) top.getOrDefault("required", List.of());
            required.addAll(modelRequired);
            top.put("required", new ArrayList<>(required));

            Map<String, Object> schema = new LinkedHashMap<>();
            schema.put("$schema", "http://json-schema.org/draft-07/schema#");
            schema.put("title", kind.apiVersion() + " " + kind.kind() + " (" + label + ")");
            schema.putAll(top);
            definitions.remove(model.getSimpleName());
            schema.put("definitions", definitions);
            Files.writeString(out.resolve(kind.file()), json(schema, "") + "\n");
            System.out.println(out.resolve(kind.file()) + ": " + (definitions.size() + 1) + " types");
        }
    }

    /** Adds the definition of {@code model}, and of every model it reaches, to {@code definitions}. */
    static void define(Class<?> model, Map<String, Object> definitions) throws ReflectiveOperationException {
        String name = model.getSimpleName();
        if (definitions.containsKey(name)) {
            return;
        }
        Map<String, Object> definition = new LinkedHashMap<>();
        definitions.put(name, definition); // before the properties: a type may reach itself
        @SuppressWarnings("unchecked")
        Set<String> declared = (Set<String>) model.getField("openapiFields").get(null);
        @SuppressWarnings("unchecked")
        Set<String> required = (Set<String>) model.getField("openapiRequiredFields").get(null);
        Map<String, Object> properties = new TreeMap<>();
        for (Field field : model.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            com.google.gson.annotations.SerializedName serialized =
                    field.getAnnotation(com.google.gson.annotations.SerializedName.class);
            if (serialized == null) {
                throw new IllegalStateException(name + "." + field.getName() + " has no @SerializedName");
            }
            properties.put(serialized.value(), schemaOf(field.getGenericType(), definitions));
        }
        if (!properties.keySet().equals(new TreeSet<>(declared))) {
            throw new IllegalStateException(
                    name + ": fields " + properties.keySet() + " are not its openapiFields " + new TreeSet<>(declared));
        }
        definition.put("type", "object");
        definition.put("properties", properties);
        if (!required.isEmpty()) {
            definition.put("required", new ArrayList<>(new TreeSet<>(required)));
        }
        definition.put("additionalProperties", false);
    }

    static Object schemaOf(Type type, Map<String, Object> definitions) throws ReflectiveOperationException {
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] arguments = parameterized.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw) || Set.class.isAssignableFrom(raw)) {
                return map("type", "array", "items", schemaOf(arguments[0], definitions));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return map("type", "object", "additionalProperties", schemaOf(arguments[1], definitions));
            }
            throw new IllegalStateException("no schema for " + type);
        }
        Class<?> type1 = (Class<?>) type;
        String name = type1.getName();
        return switch (name) {
            case "java.lang.String" -> map("type", "string");
            case "java.lang.Integer", "java.lang.Long" -> map("type", "integer");
            case "java.lang.Float", "java.lang.Double", "java.math.BigDecimal" -> map("type", "number");
            case "java.lang.Boolean" -> map("type", "boolean");
            case "[B" -> map("type", "string", "format", "byte");
            case "java.time.OffsetDateTime" -> map("type", "string", "format", "date-time");
            case "io.kubernetes.client.custom.IntOrString" ->
                map("oneOf", List.of(map("type", "string"), map("type", "integer")));
            case "io.kubernetes.client.custom.Quantity" ->
                map("oneOf", List.of(map("type", "string"), map("type", "number")));
            case "java.lang.Object" -> map(); // the spec's free-form JSON (a RawExtension)
            default -> {
                if (type1.isEnum()) {
                    yield map("type", "string");
                }
                if (!name.startsWith(MODELS)) {
                    throw new IllegalStateException("no schema for " + name);
                }
                define(type1, definitions);
                yield map("$ref", "#/definitions/" + type1.getSimpleName());
            }
        };
    }

    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** JSON, two spaces an indent, keys in the order given (sorted where it was built sorted). */
    static String json(Object value, String indent) {
        String inner = indent + "  ";
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                return "{}";
            }
            StringBuilder text = new StringBuilder("{\n");
            int i = 0;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                text.append(inner)
                        .append(string((String) entry.getKey()))
                        .append(": ")
                        .append(json(entry.getValue(), inner))
                        .append(++i < map.size() ? ",\n" : "\n");
            }
            return text.append(indent).append('}').toString();
        }
        if (value instanceof List<?> list) {
            if (list.stream().allMatch(String.class::isInstance)) {
                return "[" + String.join(", ", list.stream().map(v -> string((String) v)).toList()) + "]";
            }
            StringBuilder text = new StringBuilder("[\n");
            for (int i = 0; i < list.size(); i++) {
                text.append(inner).append(json(list.get(i), inner)).append(i + 1 < list.size() ? ",\n" : "\n");
            }
            return text.append(indent).append(']').toString();
        }
        if (value instanceof Boolean) {
            return value.toString();
        }
        return string((String) value);
    }

    static String string(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    private SchemasFromKubernetesClient() {}

    static {
        // Fails early, with a clear line, when run without the client on the class path.
        try {
            Class.forName(MODELS + "V1Deployment");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("io.kubernetes:client-java-api is not on the class path: run refresh.sh");
        }
    }
}
