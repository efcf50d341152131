package dev.tidepool.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * {@code getConnection()}, {@code prepareStatement("SELECT 1")}, {@code executeQuery()},
 * {@code next()}, then close result set, statement and connection: the pool's wrappers at work.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class StatementCycle {

    @Benchmark
    public boolean cycle(StubPoolState state) throws SQLException {
        Connection connection = state.dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement("SELECT 1");
        ResultSet resultSet = statement.executeQuery();
        boolean row = resultSet.next();
        resultSet.close();
        statement.close();
        connection.close();
        return row;
    }
}
