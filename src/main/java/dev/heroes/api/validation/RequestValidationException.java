package dev.heroes.api.validation;

import java.util.List;

/** Ends a request with 422 and every invalid field, as FastAPI's RequestValidationError does. */
public final class RequestValidationException extends RuntimeException {

    private final List<ValidationError> errors;

    public RequestValidationException(List<ValidationError> errors) {
        super(errors.size() + " invalid field(s)", null, false, false);
        this.errors = List.copyOf(errors);
    }

    public List<ValidationError> errors() {
        return errors;
    }
}
