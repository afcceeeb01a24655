package dev.saleday.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PredictRequestTest {
    private static final JsonFactory JSON = new JsonFactory();

    private static PredictRequest parse(String body) throws BadRequestException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return PredictRequest.parse(JSON, bytes, bytes.length);
    }

    @Test
    void reads_user_and_k_and_ignores_unknown_fields() throws BadRequestException {
        assertThat(parse("{\"userId\": 42, \"k\": 10}")).isEqualTo(new PredictRequest(42, 10));
        assertThat(parse("{\"k\":1,\"context\":{\"page\":[1,2]},\"userId\":9223372036854775807}"))
                .isEqualTo(new PredictRequest(Long.MAX_VALUE, 1));
        // Any 64-bit id is a user: ids the model was not trained on get the cold-start answer.
        assertThat(parse("{\"userId\": -7, \"k\": 2}")).isEqualTo(new PredictRequest(-7, 2));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``|request body is empty",
        "`{`|malformed JSON",
        "`not json`|malformed JSON",
        "`[1, 2]`|request body must be a JSON object",
        "`{\"k\": 5}`|missing field 'userId'",
        "`{\"userId\": 5}`|missing field 'k'",
        "`{\"userId\": \"5\", \"k\": 5}`|userId must be an integer, got a string",
        "`{\"userId\": 1.5, \"k\": 5}`|userId must be an integer, got the number 1.5",
        "`{\"userId\": 5, \"k\": null}`|k must be an integer, got null",
        "`{\"userId\": 5, \"k\": true}`|k must be an integer, got a boolean",
        "`{\"userId\": 5, \"k\": 0}`|k must be in 1..100, got 0",
        "`{\"userId\": 5, \"k\": 101}`|k must be in 1..100, got 101",
        "`{\"userId\": 99999999999999999999, \"k\": 5}`|userId is out of range",
        "`{\"userId\": 5, \"k\": 5} {}`|unexpected content after the object",
    })
    void what_is_wrong_is_said(String body, String message) {
        assertThatThrownBy(() -> parse(body))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((BadRequestException) e).status()).isEqualTo(400));
    }
}
