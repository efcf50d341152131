package dev.tidepool.jdbc.internal.jmx;

import dev.tidepool.jdbc.TidepoolDataSource;

import java.lang.management.ManagementFactory;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Registers a data source's MXBean ({@code registerMbeans=true}) in the platform MBean server
 * under {@code dev.tidepool:type=Pool,name=<poolName>}, and unregisters it on close.
 */
public final class PoolMBeans {
    private static final System.Logger LOG = System.getLogger("dev.tidepool.jdbc");
    private final MBeanServer server;
    private final ObjectName name;

    private PoolMBeans(MBeanServer server, ObjectName name) {
        this.server = server;
        this.name = name;
    }

    /** The name of the pool's MXBean; the pool name is quoted when it holds characters ObjectName reserves. */
    public static ObjectName nameOf(String poolName) {
        String value = poolName.matches("[A-Za-z0-9_.\\-]+") ? poolName : ObjectName.quote(poolName);
        try {
            return new ObjectName("dev.tidepool:type=Pool,name=" + value);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("poolName ('" + poolName + "') cannot name an MBean: " + e.getMessage(), e);
        }
    }

    /**
     * Registers the MXBean of {@code ds}.
     *
     * @throws IllegalStateException when another MBean has that name (another pool with the same
     *         poolName in this JVM), naming the pool and the fix
     */
    public static PoolMBeans register(TidepoolDataSource ds) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = nameOf(ds.poolName());
        try {
            server.registerMBean(new PoolMXBean(ds), name);
        } catch (InstanceAlreadyExistsException e) {
            throw new IllegalStateException(ds.poolName() + " - registerMbeans: an MBean named " + name
                    + " is already registered (another pool with poolName '" + ds.poolName()
                    + "' in this JVM?): give each pool its own poolName, or set registerMbeans=false", e);
        } catch (JMException e) {
            throw new IllegalStateException(ds.poolName() + " - registerMbeans: cannot register " + name + ": " + e, e);
        }
        return new PoolMBeans(server, name);
    }

    public ObjectName name() {
        return name;
    }

    /** Unregisters the MXBean; a second call, or one after someone else unregistered it, does nothing. */
    public void unregister() {
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException e) {
            // already gone
        } catch (JMException e) {
            LOG.log(System.Logger.Level.WARNING, () -> "cannot unregister " + name + ": " + e);
        }
    }
}
