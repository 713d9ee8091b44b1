package function;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;

/** A product as the products function describes it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Product(String id, String name, BigDecimal price) {
}
