package dev.rotor.server.crypto;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * One usable key of a ring: its signer and verifier, built once and shared by every request, plus its dates.
 * Immutable; a change of dates makes a copy that shares the (expensive) signer and verifier.
 */
final class RingKey {

    final String kid;
    final JWSAlgorithm alg;
    final Instant createdAt;
    final Instant retiredAt;
    final Instant verifyUntil;
    /** The public JWK for the JWKS; null for HMAC keys, which are never published. */
    final JWK publicJwk;
    private final Ops ops;

    private RingKey(String kid, JWSAlgorithm alg, Instant createdAt, Instant retiredAt, Instant verifyUntil,
            JWK publicJwk, Ops ops) {
        this.kid = kid;
        this.alg = alg;
        this.createdAt = createdAt;
        this.retiredAt = retiredAt;
        this.verifyUntil = verifyUntil;
        this.publicJwk = publicJwk;
        this.ops = ops;
    }

    /** Builds the key from a private JWK (as stored) whose type must fit {@code alg}. */
    static RingKey fromJwk(JWK jwk, JWSAlgorithm alg, Instant createdAt, Instant retiredAt, Instant verifyUntil)
            throws JOSEException {
        JWSHeader header = new JWSHeader(alg);
        JWK pub;
        JWSSigner signer;
        JWSVerifier verifier;
        if (JWSAlgorithm.EdDSA.equals(alg) && jwk instanceof OctetKeyPair okp) {
            if (!Curve.Ed25519.equals(okp.getCurve()) || !okp.isPrivate()) {
                throw new JOSEException("key " + jwk.getKeyID() + " is not a private Ed25519 key");
            }
            return new RingKey(jwk.getKeyID(), alg, createdAt, retiredAt, verifyUntil, okp.toPublicJWK(),
                    new Ed25519Ops(okp.getDecodedD(), okp.getDecodedX()));
        } else if (JWSAlgorithm.ES256.equals(alg) && jwk instanceof ECKey ec) {
            pub = ec.toPublicJWK();
            signer = new ECDSASigner(ec);
            verifier = new ECDSAVerifier(ec.toPublicJWK());
        } else if (JWSAlgorithm.RS256.equals(alg) && jwk instanceof RSAKey rsa) {
            pub = rsa.toPublicJWK();
            signer = new RSASSASigner(rsa);
            verifier = new RSASSAVerifier(rsa.toPublicJWK());
        } else if (JWSAlgorithm.HS256.equals(alg) && jwk instanceof OctetSequenceKey oct) {
            return hmac(jwk.getKeyID(), oct.toByteArray(), createdAt, retiredAt, verifyUntil);
        } else {
            throw new JOSEException("key " + jwk.getKeyID() + " of type " + jwk.getKeyType() + " cannot do " + alg);
        }
        if (!pub.isPrivate() && jwk.isPrivate()) {
            return new RingKey(jwk.getKeyID(), alg, createdAt, retiredAt, verifyUntil, pub,
                    new NimbusOps(header, signer, verifier));
        }
        throw new JOSEException("key " + jwk.getKeyID() + " has no private part");
    }

    /**
     * An HS256 key (RFC 7518 section 3.2) computed with the JDK's Mac directly: cheaper than Nimbus's MACSigner,
     * and it accepts the short shared secrets some existing deployments use (Nimbus insists on 256 bits).
     */
    static RingKey hmac(String kid, byte[] secret, Instant createdAt, Instant retiredAt, Instant verifyUntil) {
        return new RingKey(kid, JWSAlgorithm.HS256, createdAt, retiredAt, verifyUntil, null, new HmacOps(secret));
    }

    RingKey withDates(Instant retired, Instant until) {
        return new RingKey(kid, alg, createdAt, retired, until, publicJwk, ops);
    }

    boolean verifiesAt(Instant now) {
        return verifyUntil == null || !now.isAfter(verifyUntil);
    }

    byte[] sign(byte[] signingInput) throws JOSEException {
        return ops.sign(signingInput);
    }

    boolean verify(byte[] signingInput, String signatureB64) throws JOSEException {
        return ops.verify(signingInput, signatureB64);
    }

    private interface Ops {
        byte[] sign(byte[] input) throws JOSEException;

        boolean verify(byte[] input, String signatureB64) throws JOSEException;
    }

    private record NimbusOps(JWSHeader header, JWSSigner signer, JWSVerifier verifier) implements Ops {
        @Override
        public byte[] sign(byte[] input) throws JOSEException {
            return signer.sign(header, input).decode();
        }

        @Override
        public boolean verify(byte[] input, String signatureB64) throws JOSEException {
            return verifier.verify(header, input, new Base64URL(signatureB64));
        }
    }

    /**
     * Ed25519 (RFC 8032 section 5.1) with Bouncy Castle's implementation: about 20 µs a signature here against Tink's
     * 42 µs (the one Nimbus's Ed25519Signer uses), and the access-token signature is the largest single cost of an
     * oauth2 refresh. Ed25519 is deterministic, so the signatures are the same bytes either way.
     */
    private static final class Ed25519Ops implements Ops {
        private final Ed25519PrivateKeyParameters privateKey;
        private final Ed25519PublicKeyParameters publicKey;

        Ed25519Ops(byte[] seed, byte[] publicKeyBytes) throws JOSEException {
            if (seed.length != Ed25519.SECRET_KEY_SIZE || publicKeyBytes.length != Ed25519.PUBLIC_KEY_SIZE) {
                throw new JOSEException("an Ed25519 key has a 32-byte seed and a 32-byte public key");
            }
            this.privateKey = new Ed25519PrivateKeyParameters(seed, 0);
            this.publicKey = new Ed25519PublicKeyParameters(publicKeyBytes, 0);
            if (!Arrays.equals(privateKey.generatePublicKey().getEncoded(), publicKeyBytes)) {
                throw new JOSEException("the Ed25519 public key does not belong to its private key");
            }
        }

        @Override
        public byte[] sign(byte[] input) {
            byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
            // Signs with the public key that the constructor's check derived and the key object keeps (the overload
            // that takes a public key argument is deprecated in Bouncy Castle 1.86).
            privateKey.sign(Ed25519.Algorithm.Ed25519, null, input, 0, input.length, signature, 0);
            return signature;
        }

        @Override
        public boolean verify(byte[] input, String signatureB64) {
            byte[] signature = new Base64URL(signatureB64).decode();
            return signature.length == Ed25519.SIGNATURE_SIZE
                    && publicKey.verify(Ed25519.Algorithm.Ed25519, null, input, 0, input.length, signature, 0);
        }
    }

    private static final class HmacOps implements Ops {
        private final Mac prototype;

        HmacOps(byte[] secret) {
            try {
                prototype = Mac.getInstance("HmacSHA256");
                prototype.init(new SecretKeySpec(secret, "HmacSHA256"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
            }
        }

        private Mac mac() throws JOSEException {
            try {
                return (Mac) prototype.clone(); // an initialised copy: no key schedule per token
            } catch (CloneNotSupportedException e) {
                throw new JOSEException("HmacSHA256 cannot be cloned", e);
            }
        }

        @Override
        public byte[] sign(byte[] input) throws JOSEException {
            return mac().doFinal(input);
        }

        @Override
        public boolean verify(byte[] input, String signatureB64) throws JOSEException {
            byte[] expected = mac().doFinal(input);
            byte[] given = new Base64URL(signatureB64).decode();
            return MessageDigest.isEqual(expected, given); // constant time
        }
    }
}
