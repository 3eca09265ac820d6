package dev.rotor.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BodiesTest {

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static BadBody.Kind kind(Runnable r) {
        try {
            r.run();
        } catch (BadBody e) {
            return e.kind();
        }
        return null;
    }

    @Test
    void jsonErrorsAreTyped() {
        assertThat(kind(() -> Bodies.parseJson(b("{\"a\":")))).isEqualTo(BadBody.Kind.MALFORMED_JSON);
        assertThat(kind(() -> Bodies.parseJson(b("{\"a\":\"1\",\"a\":\"2\"}")))).isEqualTo(BadBody.Kind.DUPLICATE_KEY);
        assertThat(kind(() -> Bodies.parseJson(b("[1]")))).isEqualTo(BadBody.Kind.NOT_AN_OBJECT);
        assertThat(kind(() -> Bodies.parseJson(b("{} {}")))).isEqualTo(BadBody.Kind.MALFORMED_JSON);
        JsonBody body = Bodies.parseJson(b("{\"n\":null,\"e\":\" \",\"o\":{},\"s\":\"v\"}"));
        assertThat(kind(() -> body.string("missing"))).isEqualTo(BadBody.Kind.MISSING);
        assertThat(kind(() -> body.string("n"))).isEqualTo(BadBody.Kind.NULL);
        assertThat(kind(() -> body.string("e"))).isEqualTo(BadBody.Kind.BLANK);
        assertThat(kind(() -> body.string("o"))).isEqualTo(BadBody.Kind.NOT_STRING);
        assertThat(body.string("s")).isEqualTo("v");
        assertThat(body.problems("s", "n", "x")).extracting(BadBody::field).containsExactly("n", "x");
        assertThat(Bodies.parseJson(b("  ")).empty()).isTrue();
    }

    @Test
    void notAnObjectNamesThePythonType() {
        assertThatThrownBy(() -> Bodies.parseJson(b("[]"))).extracting(e -> ((BadBody) e).detail()).isEqualTo("list");
    }

    @Test
    void formIsStrict() {
        FormBody form = FormBody.parse(b("a=1&b=x+y%21&c=&a=2"));
        assertThat(kind(() -> form.single("a"))).isEqualTo(BadBody.Kind.REPEATED);
        assertThat(form.single("b")).hasValue("x y!");
        assertThat(form.single("c")).isEmpty();
        assertThat(form.firstRepeated()).hasValue("a");
        assertThat(kind(() -> FormBody.parse(b("a=%zz")))).isEqualTo(BadBody.Kind.MALFORMED_FORM);
        assertThat(kind(() -> FormBody.parse(b("a=%C3")))).isEqualTo(BadBody.Kind.MALFORMED_FORM);
        assertThat(FormBody.parse(b("k=%C3%A9")).single("k")).hasValue("é");
    }
}
