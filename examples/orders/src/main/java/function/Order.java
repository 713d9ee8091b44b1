package function;

import java.math.BigDecimal;
import java.util.List;

/** A priced order, as answered to the caller. */
public record Order(String orderId, List<Line> items, BigDecimal total, long createdAt) {

    /** One priced product of the order. */
    public record Line(String productId, String name, BigDecimal unitPrice, int quantity, BigDecimal lineTotal) {
    }
}
