package dev.rotor.server.http.dialect;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Replays every golden file under {@code wire/simplejwt/}: DIALECTS.md "simplejwt" rows and seed 001 examples. */
class SimpleJwtWireTest {

    @TestFactory
    Stream<DynamicTest> goldenFiles() {
        return GorbSimpleJwtWire.cases("simplejwt");
    }
}
