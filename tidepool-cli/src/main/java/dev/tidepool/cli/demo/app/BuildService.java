package dev.tidepool.cli.demo.app;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The culprit of the incident, as a {@code @Transactional} method would behave: it marks the build
 * as running inside a transaction, then calls the CI server before it commits, so its connection
 * sits idle in an open transaction for as long as the remote call takes.
 */
public final class BuildService {
    private final DataSource dataSource;
    private final JenkinsClient jenkins;

    public BuildService(DataSource dataSource, JenkinsClient jenkins) {
        this.dataSource = dataSource;
        this.jenkins = jenkins;
    }

    public void build(int id) throws SQLException, InterruptedException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false); // what @Transactional does on entry
            try (PreparedStatement s = c.prepareStatement("update build set status = ?, started_at = now() where id = ?")) {
                s.setString(1, "running");
                s.setInt(2, id);
                s.executeUpdate();
            }
            jenkins.startBuild(id); // the slow HTTP call, inside the transaction
            c.commit();
        }
    }
}
