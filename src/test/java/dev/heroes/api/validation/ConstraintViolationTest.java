package dev.heroes.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heroes.support.ApiClient;
import dev.heroes.support.ApiResponse;
import dev.heroes.support.Backend;
import dev.heroes.support.OnBothDatabases;
import dev.heroes.support.TestApp;
import java.util.Map;

/** A write the database refuses by a rule no route anticipates is a 409 in the contract's form, never a 500. */
class ConstraintViolationTest {

    @OnBothDatabases
    void anUnanticipatedConstraintViolationIsAConflict(Backend backend) {
        try (TestApp app = TestApp.start(backend)) {
            app.database()
                    .write(
                            "test",
                            dsl -> dsl.execute(
                                    switch (backend) {
                                        case POSTGRES, PGBOUNCER ->
                                            "ALTER TABLE team ADD CONSTRAINT ck_team_name_not_forbidden CHECK (name <> 'Forbidden')";
                                        case SQLITE ->
                                            "CREATE TRIGGER tr_team_name_not_forbidden BEFORE INSERT ON team"
                                                    + " WHEN NEW.name = 'Forbidden' BEGIN SELECT RAISE(ABORT, 'forbidden name'); END";
                                    }));
            // 409 for an unanticipated rule is not in the API's document: a client without the check.
            ApiClient client = new ApiClient(app.client().base());

            ApiResponse refused = client.post("/teams/", Map.of("name", "Forbidden"));

            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.body()).isEqualTo("""
                            {"detail":"Conflict: the request breaks a rule of the stored data"}""");
            assertThat(client.get("/teams/").json()).isEmpty();
        }
    }
}
