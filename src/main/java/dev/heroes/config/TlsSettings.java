package dev.heroes.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HTTPS on the API's listener ({@code TLS_CERT_FILE}, {@code TLS_KEY_FILE}): both, or neither.
 *
 * @param certificateFile PEM certificate chain, the server's certificate first
 * @param keyFile         PEM private key of that certificate (PKCS#8, or PKCS#1 for RSA)
 */
public record TlsSettings(Optional<Path> certificateFile, Optional<Path> keyFile) {

    public static final TlsSettings OFF = new TlsSettings(Optional.empty(), Optional.empty());

    static final List<AppConfig.Variable> VARIABLES = List.of(
            new AppConfig.Variable(
                    "TLS_CERT_FILE", "none", "PEM certificate chain: the API serves HTTPS (with TLS_KEY_FILE)"),
            new AppConfig.Variable("TLS_KEY_FILE", "none", "PEM private key of TLS_CERT_FILE's certificate"));

    public boolean enabled() {
        return certificateFile.isPresent();
    }

    static TlsSettings fromEnvironment(Map<String, String> env) {
        Optional<Path> certificate = AppConfig.readableFile(env, "TLS_CERT_FILE");
        Optional<Path> key = AppConfig.readableFile(env, "TLS_KEY_FILE");
        if (certificate.isPresent() != key.isPresent()) {
            throw new ConfigException("TLS_CERT_FILE and TLS_KEY_FILE go together; set both for HTTPS, or neither");
        }
        return new TlsSettings(certificate, key);
    }
}
