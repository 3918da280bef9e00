package dev.heroes.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.function.UnaryOperator;

/** Keys and signed tokens as an identity provider makes them, for the tests of authentication. */
public final class Tokens {

    public static final String ISSUER = "https://idp.example.test/";
    public static final String AUDIENCE = "heroes-api";

    private Tokens() {}

    public static RSAKey rsaKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ECKey ecKey(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims a good token carries: issuer, audience, subject, scopes, an hour to live. */
    public static JWTClaimsSet.Builder claims(String subject, String scope) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(subject)
                .claim("scope", scope)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))));
    }

    public static String sign(JWK key, JWTClaimsSet claims) {
        return sign(key, claims, header -> header);
    }

    public static String sign(JWK key, JWTClaimsSet claims, UnaryOperator<JWSHeader.Builder> header) {
        try {
            JWSAlgorithm algorithm;
            JWSSigner signer;
            if (key instanceof RSAKey rsa) {
                algorithm = JWSAlgorithm.RS256;
                signer = new RSASSASigner(rsa);
            } else if (key instanceof ECKey ec) {
                algorithm = JWSAlgorithm.ES256;
                signer = new ECDSASigner(ec);
            } else {
                algorithm = JWSAlgorithm.HS256;
                signer = new MACSigner(key.toOctetSequenceKey().toByteArray());
            }
            SignedJWT jwt = new SignedJWT(
                    header.apply(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()))
                            .build(),
                    claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HS256 token signed with {@code secret}. */
    public static String signHs256(byte[] secret, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the public half of {@code key} as a PEM file. */
    public static Path pem(Path folder, PublicKey key) {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        try {
            return Files.writeString(folder.resolve("public-" + System.nanoTime() + ".pem"), pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
