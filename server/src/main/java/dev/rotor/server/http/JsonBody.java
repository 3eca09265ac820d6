package dev.rotor.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A request body that is a JSON object, with typed access to its string fields. */
public final class JsonBody {

    private final ObjectNode object;
    private final boolean empty;

    JsonBody(ObjectNode object, boolean empty) {
        this.object = object;
        this.empty = empty;
    }

    /** True when the request had no body at all (or only whitespace). */
    public boolean empty() {
        return empty;
    }

    public ObjectNode node() {
        return object;
    }

    /** The field as a non-blank string, or a {@link BadBody} saying MISSING, NULL, NOT_STRING or BLANK. */
    public String string(String field) {
        Optional<BadBody> problem = problem(field, false);
        if (problem.isPresent()) {
            throw problem.get();
        }
        return object.get(field).textValue();
    }

    /** Like {@link #string} but blank strings are accepted. */
    public String stringAllowBlank(String field) {
        Optional<BadBody> problem = problem(field, true);
        if (problem.isPresent()) {
            throw problem.get();
        }
        return object.get(field).textValue();
    }

    /** The field if it is present and not null; a non-string value is a {@link BadBody}. */
    public Optional<String> optionalString(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new BadBody(BadBody.Kind.NOT_STRING, field, null);
        }
        return Optional.of(value.textValue());
    }

    /** Every problem with the named required string fields, in the order given: for per-field error bodies. */
    public List<BadBody> problems(String... fields) {
        List<BadBody> out = new ArrayList<>();
        for (String f : fields) {
            problem(f, false).ifPresent(out::add);
        }
        return out;
    }

    private Optional<BadBody> problem(String field, boolean allowBlank) {
        JsonNode value = object.get(field);
        if (value == null) {
            return Optional.of(new BadBody(BadBody.Kind.MISSING, field, null));
        }
        if (value.isNull()) {
            return Optional.of(new BadBody(BadBody.Kind.NULL, field, null));
        }
        if (!value.isTextual()) {
            return Optional.of(new BadBody(BadBody.Kind.NOT_STRING, field, null));
        }
        if (!allowBlank && value.textValue().isBlank()) {
            return Optional.of(new BadBody(BadBody.Kind.BLANK, field, null));
        }
        return Optional.empty();
    }

    /** Python's name for a JSON value's type, as Django REST framework words it ("list", "str", ...). */
    static String pythonTypeName(JsonNode node) {
        if (node.isArray()) {
            return "list";
        }
        if (node.isTextual()) {
            return "str";
        }
        if (node.isIntegralNumber()) {
            return "int";
        }
        if (node.isNumber()) {
            return "float";
        }
        if (node.isBoolean()) {
            return "bool";
        }
        return node.isNull() ? "NoneType" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
