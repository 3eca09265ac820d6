package dev.rotor.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RingKey's Ed25519 (Bouncy Castle) against RFC 8032's test vectors and against Nimbus's own Tink-based signer. */
class RingKeyEd25519Test {

    private static final HexFormat HEX = HexFormat.of();

    // RFC 8032 section 7.1, "TEST 2": one-byte message 0x72.
    private static final String SEED = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";
    private static final String PUBLIC = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
    private static final String SIGNATURE = "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
            + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00";

    private static RingKey key(String seedHex, String publicHex) throws JOSEException {
        OctetKeyPair okp = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(HEX.parseHex(publicHex)))
                .d(Base64URL.encode(HEX.parseHex(seedHex))).keyID("k").build();
        return RingKey.fromJwk(okp, JWSAlgorithm.EdDSA, null, null, null);
    }

    @Test
    void signWhenRfc8032TestVectorThenSameSignature() throws Exception {
        RingKey key = key(SEED, PUBLIC);
        byte[] message = {0x72};

        assertThat(HEX.formatHex(key.sign(message))).isEqualTo(SIGNATURE);
        assertThat(key.verify(message, Base64URL.encode(HEX.parseHex(SIGNATURE)).toString())).isTrue();
    }

    @Test
    void signWhenAnyKeyThenSameBytesAsNimbusSigner() throws Exception {
        OctetKeyPair okp = new OctetKeyPairGenerator(Curve.Ed25519).keyID("k").generate();
        RingKey key = RingKey.fromJwk(okp, JWSAlgorithm.EdDSA, null, null, null);
        byte[] input = "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJhbGljZSJ9".getBytes(StandardCharsets.US_ASCII);

        byte[] nimbus = new Ed25519Signer(okp).sign(new JWSHeader(JWSAlgorithm.EdDSA), input).decode();

        assertThat(key.sign(input)).isEqualTo(nimbus);
    }

    @Test
    void verifyWhenSignatureOrMessageAlteredThenFalse() throws Exception {
        RingKey key = key(SEED, PUBLIC);
        byte[] signature = HEX.parseHex(SIGNATURE);
        byte[] flipped = signature.clone();
        flipped[10] ^= 1;

        assertThat(key.verify(new byte[] {0x73}, Base64URL.encode(signature).toString())).isFalse();
        assertThat(key.verify(new byte[] {0x72}, Base64URL.encode(flipped).toString())).isFalse();
        assertThat(key.verify(new byte[] {0x72}, Base64URL.encode(new byte[63]).toString())).isFalse();
        assertThat(key.verify(new byte[] {0x72}, "")).isFalse();
    }

    @Test
    void fromJwkWhenPublicKeyIsNotThePrivateKeysThenRefused() {
        String otherPublic = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"; // TEST 1's
        assertThatThrownBy(() -> key(SEED, otherPublic)).isInstanceOf(JOSEException.class)
                .hasMessageContaining("does not belong");
    }

    @Test
    void fromJwkWhenNoPrivatePartThenRefused() throws Exception {
        OctetKeyPair pub = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(HEX.parseHex(PUBLIC))).build();
        assertThatThrownBy(() -> RingKey.fromJwk(pub, JWSAlgorithm.EdDSA, null, null, null))
                .isInstanceOf(JOSEException.class);
    }
}
