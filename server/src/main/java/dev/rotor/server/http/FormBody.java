package dev.rotor.server.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A parsed {@code application/x-www-form-urlencoded} body; strict UTF-8 and percent-encoding. */
public final class FormBody {

    private final Map<String, List<String>> values;

    private FormBody(Map<String, List<String>> values) {
        this.values = values;
    }

    /** Parses a form; malformed percent-encoding or invalid UTF-8 is {@link BadBody.Kind#MALFORMED_FORM}. */
    public static FormBody parse(byte[] body) {
        String text = utf8(body);
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (!text.isEmpty()) {
            for (String pair : text.split("&", -1)) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        return new FormBody(values);
    }

    /** The single value of a parameter, empty when absent or empty (RFC 6749 §3.1); repeated is a {@link BadBody}. */
    public Optional<String> single(String name) {
        List<String> all = values.get(name);
        if (all == null) {
            return Optional.empty();
        }
        if (all.size() > 1) {
            throw new BadBody(BadBody.Kind.REPEATED, name, null);
        }
        return all.get(0).isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** Like {@link #single} but absent or blank is a MISSING/BLANK {@link BadBody}. */
    public String required(String name) {
        List<String> all = values.get(name);
        if (all == null) {
            throw new BadBody(BadBody.Kind.MISSING, name, null);
        }
        String v = single(name).orElse("");
        if (v.isBlank()) {
            throw new BadBody(BadBody.Kind.BLANK, name, null);
        }
        return v;
    }

    /** The first parameter that appears more than once, if any. */
    public Optional<String> firstRepeated() {
        return values.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).findFirst();
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public Map<String, List<String>> asMap() {
        return Collections.unmodifiableMap(values);
    }

    private static String decode(String part) {
        byte[] in = part.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[in.length];
        int n = 0;
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '+') {
                out[n++] = ' ';
            } else if (b == '%') {
                if (i + 2 >= in.length) {
                    throw new BadBody(BadBody.Kind.MALFORMED_FORM, null, "truncated percent-encoding");
                }
                int hi = Character.digit(in[i + 1], 16);
                int lo = Character.digit(in[i + 2], 16);
                if (hi < 0 || lo < 0) {
                    throw new BadBody(BadBody.Kind.MALFORMED_FORM, null, "bad percent-encoding");
                }
                out[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else {
                out[n++] = b;
            }
        }
        return utf8(Arrays.copyOf(out, n));
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadBody(BadBody.Kind.MALFORMED_FORM, null, "not UTF-8");
        }
    }
}
