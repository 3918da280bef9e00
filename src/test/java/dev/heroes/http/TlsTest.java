package dev.heroes.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heroes.config.AppConfig;
import dev.heroes.config.AppConfig.ApiSettings;
import dev.heroes.config.ConfigException;
import dev.heroes.db.Database;
import dev.heroes.support.Backend;
import dev.heroes.support.RawHttp;
import dev.heroes.support.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS on the API's listener from PEM files, checked by a client that verifies the certificate. */
class TlsTest {

    @TempDir
    static Path dir;

    private static Path certificate;
    private static Path key;
    private static Certificate issued;

    /** A self-signed certificate for 127.0.0.1 and localhost, made by the JDK's keytool, as PEM files. */
    @BeforeAll
    static void makeACertificate() throws Exception {
        Path store = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "heroes",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=dns:localhost,ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        keytool.getInputStream().readAllBytes();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        issued = keys.getCertificate("heroes");
        certificate = Files.writeString(dir.resolve("cert.pem"), pem("CERTIFICATE", issued.getEncoded()));
        key = Files.writeString(
                dir.resolve("key.pem"),
                pem(
                        "PRIVATE KEY",
                        keys.getKey("heroes", "changeit".toCharArray()).getEncoded()));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static HttpClient trusting(Certificate certificate) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("heroes", certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return HttpClient.newBuilder()
                .sslContext(context)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @Test
    void theApiServesHttpsToAClientThatVerifiesItsCertificate() throws Exception {
        try (Database database = Backend.SQLITE.freshDatabase();
                TestServer server = TestServer.start(
                        database,
                        ApiSettings.DEFAULTS,
                        AppConfig.fromEnvironment(
                                        Map.of("TLS_CERT_FILE", certificate.toString(), "TLS_KEY_FILE", key.toString()))
                                .security())) {
            URI heroes = URI.create("https://127.0.0.1:" + server.port() + "/heroes/");
            HttpResponse<String> answer =
                    trusting(issued).send(HttpRequest.newBuilder(heroes).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("[]");
            assertThat(answer.sslSession().orElseThrow().getProtocol()).isIn(List.of("TLSv1.3", "TLSv1.2"));

            // A client that trusts only the usual authorities refuses a certificate they did not sign.
            HttpClient usual = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            assertThatThrownBy(() ->
                            usual.send(HttpRequest.newBuilder(heroes).build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(SSLHandshakeException.class);

            // Plain HTTP to the HTTPS port gets no API answer.
            assertThatThrownBy(() -> new RawHttp(server.port(), Duration.ofSeconds(3))
                            .send("GET /heroes/ HTTP/1.1\r\nHost: x\r\n\r\n"))
                    .isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void halfATlsSettingOrAFileWithoutAKeyIsRefusedInOneLine() throws IOException {
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("TLS_CERT_FILE", certificate.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("TLS_CERT_FILE and TLS_KEY_FILE go together; set both for HTTPS, or neither");
        Path notAKey = Files.writeString(dir.resolve("not-a-key.pem"), "hello\n");
        try (Database database = Backend.SQLITE.freshDatabase()) {
            assertThatThrownBy(() -> TestServer.start(
                            database,
                            ApiSettings.DEFAULTS,
                            AppConfig.fromEnvironment(Map.of(
                                            "TLS_CERT_FILE",
                                            certificate.toString(),
                                            "TLS_KEY_FILE",
                                            notAKey.toString()))
                                    .security()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("TLS_CERT_FILE ");
        }
    }
}
