package netdisk.tools.lab;

import java.util.Objects;
import java.util.function.Function;

/** One value per direction of the link. */
public record TwoWay<T>(T down, T up) {

    public TwoWay {
        Objects.requireNonNull(down, "down");
        Objects.requireNonNull(up, "up");
    }

    public static <T> TwoWay<T> both(T value) {
        return new TwoWay<>(value, value);
    }

    public T get(Way way) {
        return way == Way.DOWN ? down : up;
    }

    public <R> TwoWay<R> map(Function<T, R> f) {
        return new TwoWay<>(f.apply(down), f.apply(up));
    }
}
