package dev.rotor.server.http.dialect;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Replays every golden file under {@code wire/gorb/}: DIALECTS.md "gorb" rows and seed 000 examples. */
class GorbWireTest {

    @TestFactory
    Stream<DynamicTest> goldenFiles() {
        return GorbSimpleJwtWire.cases("gorb");
    }
}
