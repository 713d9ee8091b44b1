package function;

import java.math.BigDecimal;

/** One product of the catalog. */
public record Product(String id, String name, BigDecimal price) {
}
