package dev.tidepool.benchmarks;

/**
 * What a benchmark asks of a pool: where to connect and how big to be. Every adapter turns this
 * into its pool's own settings, adding only what that pool's documentation recommends.
 */
public record PoolSpec(String url, String user, String password, int maxSize, int minIdle) {

    /**
     * A fixed-size pool (min = max), the shape of the stub benchmarks. The stub driver accepts any
     * credentials; some pools (Vibur) insist on having some.
     */
    public static PoolSpec fixed(String url, int size) {
        return new PoolSpec(url, "bench", "", size, size);
    }

    public PoolSpec {
        if (minIdle > maxSize) {
            throw new IllegalArgumentException("minIdle (" + minIdle + ") must be <= maxSize (" + maxSize + ")");
        }
    }
}
