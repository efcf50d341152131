package dev.tidepool.cli.demo.app;

/** The HTTP endpoint {@code POST /builds/{id}}: hands the request to the service. */
public final class BuildController {
    private final BuildService service;

    public BuildController(BuildService service) {
        this.service = service;
    }

    public void post(int id) throws Exception {
        service.build(id);
    }
}
