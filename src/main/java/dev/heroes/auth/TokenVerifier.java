package dev.heroes.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.heroes.config.AuthSettings;
import dev.heroes.config.ConfigException;
import dev.heroes.model.Caller;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.MalformedURLException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies bearer JWTs with nimbus-jose-jwt: the signature with a key of the configured source, by
 * an algorithm of a fixed list that the key's type allows ({@code none}, and HS256 against a public
 * key, are refused: no algorithm confusion), then the claims: {@code exp} and {@code sub} required,
 * {@code exp} and {@code nbf} with the configured clock skew, {@code iss} and {@code aud} when set.
 * The caller's scopes are the known ones among the {@code scope} claim (space-separated, RFC 9068)
 * or {@code scp} (a list or a string).
 */
final class TokenVerifier {

    /** A token that passed, with the time after which it no longer does. */
    record Verified(Authentication.Authenticated authenticated, long expiresAtMillis) {
        Verified(Caller caller, long expiresAtMillis) {
            this(new Authentication.Authenticated(caller), expiresAtMillis);
        }

        Caller caller() {
            return authenticated.caller();
        }
    }

    private static final Set<JWSAlgorithm> RSA_ALGORITHMS = Set.of(
            JWSAlgorithm.RS256,
            JWSAlgorithm.RS384,
            JWSAlgorithm.RS512,
            JWSAlgorithm.PS256,
            JWSAlgorithm.PS384,
            JWSAlgorithm.PS512);
    private static final Set<JWSAlgorithm> JWKS_ALGORITHMS = Set.of(
            JWSAlgorithm.RS256,
            JWSAlgorithm.RS384,
            JWSAlgorithm.RS512,
            JWSAlgorithm.PS256,
            JWSAlgorithm.PS384,
            JWSAlgorithm.PS512,
            JWSAlgorithm.ES256,
            JWSAlgorithm.ES384,
            JWSAlgorithm.ES512);
    static final int MIN_SECRET_BYTES = 32;

    /** How long the JWKS is kept before it is fetched again; a refresh starts a minute ahead. */
    static final Duration JWKS_TIME_TO_LIVE = Duration.ofMinutes(5);
    /** How long the last JWKS fetched still serves while its URL does not answer. */
    static final Duration JWKS_OUTAGE_TOLERANCE = Duration.ofMinutes(30);

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    TokenVerifier(AuthSettings settings) {
        KeySource keys = keySource(settings);
        processor.setJWSKeySelector(keys.selector());
        // RFC 9068's at+jwt, a plain JWT, or no typ at all; a JWS of another type is no access token.
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(
                JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), new JOSEObjectType("application/at+jwt"), null));
        JWTClaimsSet exact = settings.issuer()
                .map(issuer -> new JWTClaimsSet.Builder().issuer(issuer).build())
                .orElse(null);
        DefaultJWTClaimsVerifier<SecurityContext> claims =
                new DefaultJWTClaimsVerifier<>(settings.audience().orElse(null), exact, Set.of("sub", "exp"));
        claims.setMaxClockSkew((int) settings.clockSkew().toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** The token's caller, or empty when the token proves nothing. */
    Optional<Verified> verify(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException | BadJOSEException | JOSEException | RuntimeException e) {
            // A malformed token can make a parser throw what it likes: it is still just a bad token.
            return Optional.empty();
        }
        Date expires = claims.getExpirationTime();
        Caller caller = new Caller(claims.getSubject(), Caller.Kind.TOKEN, scopes(claims));
        return Optional.of(new Verified(caller, expires.getTime()));
    }

    private static Set<String> scopes(JWTClaimsSet claims) {
        Set<String> scopes = new HashSet<>();
        Object scope = claims.getClaim("scope");
        Object scp = claims.getClaim("scp");
        for (Object granted : List.of(scope == null ? "" : scope, scp == null ? "" : scp)) {
            if (granted instanceof String list) {
                for (String each : list.split(" ")) {
                    addIfKnown(scopes, each);
                }
            } else if (granted instanceof Collection<?> list) {
                list.forEach(each -> addIfKnown(scopes, String.valueOf(each)));
            }
        }
        return scopes;
    }

    private static void addIfKnown(Set<String> scopes, String scope) {
        // Tokens carry scopes of other services too (openid, profile...): they grant nothing here.
        if (AuthSettings.SCOPES.contains(scope)) {
            scopes.add(scope);
        }
    }

    private record KeySource(JWSKeySelector<SecurityContext> selector) {}

    private static KeySource keySource(AuthSettings settings) {
        if (settings.jwksUrl().isPresent()) {
            try {
                DefaultResourceRetriever retriever = new DefaultResourceRetriever(
                        (int) Duration.ofSeconds(2).toMillis(),
                        (int) Duration.ofSeconds(2).toMillis(),
                        JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT);
                // Cached, refreshed ahead of expiry in the background, a kid it does not know fetched
                // again (at most every 30 s: rotation without restart), the last set kept through an
                // outage of the URL.
                JWKSource<SecurityContext> source = JWKSourceBuilder.<SecurityContext>create(
                                settings.jwksUrl().get().toURL(), retriever)
                        .cache(JWKS_TIME_TO_LIVE.toMillis(), JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT)
                        .refreshAheadCache(Duration.ofMinutes(1).toMillis(), true)
                        .outageTolerant(JWKS_OUTAGE_TOLERANCE.toMillis())
                        .build();
                return new KeySource(new JWSVerificationKeySelector<>(JWKS_ALGORITHMS, source));
            } catch (MalformedURLException e) {
                throw new ConfigException("AUTH_JWT_JWKS_URL is not usable: " + e.getMessage());
            }
        }
        if (settings.publicKeyFile().isPresent()) {
            Path file = settings.publicKeyFile().get();
            JWK key = publicKey(file);
            Set<JWSAlgorithm> algorithms = switch (key) {
                case RSAKey rsa -> RSA_ALGORITHMS;
                case ECKey ec when Curve.P_256.equals(ec.getCurve()) -> Set.of(JWSAlgorithm.ES256);
                case ECKey ec when Curve.P_384.equals(ec.getCurve()) -> Set.of(JWSAlgorithm.ES384);
                case ECKey ec when Curve.P_521.equals(ec.getCurve()) -> Set.of(JWSAlgorithm.ES512);
                default ->
                    throw new ConfigException("AUTH_JWT_PUBLIC_KEY_FILE=" + file
                            + " is not usable; expected an RSA key or an EC key on P-256, P-384 or P-521");
            };
            // The one key, whatever kid a token names: a PEM file has no kid to match.
            Key verificationKey;
            try {
                verificationKey = key instanceof RSAKey rsa ? rsa.toPublicKey() : ((ECKey) key).toPublicKey();
            } catch (JOSEException e) {
                throw new ConfigException("AUTH_JWT_PUBLIC_KEY_FILE=" + file + " is not usable: " + e.getMessage());
            }
            return new KeySource((header, context) ->
                    algorithms.contains(header.getAlgorithm()) ? List.of(verificationKey) : List.of());
        }
        Path file = settings.hs256SecretFile().orElseThrow();
        byte[] secret;
        try {
            secret = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException("AUTH_JWT_HS256_SECRET_FILE=" + file + " could not be read");
        }
        secret = stripTrailingNewline(secret);
        if (secret.length < MIN_SECRET_BYTES) {
            throw new ConfigException("AUTH_JWT_HS256_SECRET_FILE=" + file + " holds " + secret.length
                    + " bytes; HS256 needs a secret of at least " + MIN_SECRET_BYTES + " (openssl rand -base64 48)");
        }
        return new KeySource(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(secret)));
    }

    /**
     * The key of a PEM file: a public key ({@code BEGIN PUBLIC KEY}, X.509 SubjectPublicKeyInfo, as
     * {@code openssl pkey -pubout} writes it) or a certificate's. Read with the JDK alone (nimbus's
     * own PEM reader needs BouncyCastle).
     */
    private static JWK publicKey(Path file) {
        String unusable = "AUTH_JWT_PUBLIC_KEY_FILE=" + file + " is not usable; expected a PEM public key (RSA or EC)"
                + " or certificate";
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(unusable);
        }
        PublicKey key;
        try {
            if (pem.contains("-----BEGIN CERTIFICATE-----")) {
                key = CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                        .getPublicKey();
            } else {
                int begin = pem.indexOf(PEM_BEGIN);
                int end = pem.indexOf(PEM_END);
                if (begin < 0 || end < begin) {
                    throw new ConfigException(unusable);
                }
                byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + PEM_BEGIN.length(), end));
                key = decode(der);
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ConfigException(unusable + ": " + e.getMessage());
        }
        return switch (key) {
            case RSAPublicKey rsa -> new RSAKey.Builder(rsa).build();
            case ECPublicKey ec -> {
                Curve curve = Curve.forECParameterSpec(ec.getParams());
                if (curve == null) {
                    throw new ConfigException(unusable + ": an EC key on an unknown curve");
                }
                yield new ECKey.Builder(curve, ec).build();
            }
            default -> throw new ConfigException(unusable + ": a " + key.getAlgorithm() + " key");
        };
    }

    private static final String PEM_BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String PEM_END = "-----END PUBLIC KEY-----";

    private static PublicKey decode(byte[] der) throws GeneralSecurityException {
        X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
        try {
            return KeyFactory.getInstance("RSA").generatePublic(spec);
        } catch (InvalidKeySpecException notRsa) {
            return KeyFactory.getInstance("EC").generatePublic(spec);
        }
    }

    /** A secret file written by {@code echo} or an editor ends with a newline that is no part of it. */
    private static byte[] stripTrailingNewline(byte[] bytes) {
        int end = bytes.length;
        if (end > 0 && bytes[end - 1] == '\n') {
            end--;
            if (end > 0 && bytes[end - 1] == '\r') {
                end--;
            }
        }
        return java.util.Arrays.copyOf(bytes, end);
    }
}
