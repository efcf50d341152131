package dev.tidepool.testkit;

import java.sql.SQLException;
import java.sql.Wrapper;

/** {@link Wrapper} done the plain way: an object wraps nothing but itself. */
public interface WrapperDefaults extends Wrapper {

    @Override
    default <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException(getClass().getSimpleName() + " does not wrap " + iface.getName());
    }

    @Override
    default boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this);
    }
}
