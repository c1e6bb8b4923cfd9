package org.digitworkbench.cli.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.digitworkbench.engine.DataDirectory;
import org.digitworkbench.engine.EngineInfo;
import org.digitworkbench.engine.EngineService;
import org.osgi.framework.Bundle;

/** {@code info [--json]}: product version, engine, engine version, device, data directory. */
final class InfoCommand implements Command {

	@Override
	public String name() {
		return "info";
	}

	@Override
	public String usage() {
		return "info [--json]";
	}

	@Override
	public String summary() {
		return "product version, engine, device and data directory";
	}

	@Override
	public int run(List<String> raw, CommandContext context) throws Exception {
		Arguments arguments = Arguments.parse(raw, Set.of(), Set.of("json"));
		if (!arguments.positional().isEmpty()) {
			throw new UsageException("info takes no arguments");
		}
		EngineInfo engine = context.service(EngineService.class).awaitReady();
		Map<String, Object> info = new LinkedHashMap<>();
		info.put("product", "Digit Workbench");
		info.put("productVersion", version(context, "org.digitworkbench.cli"));
		info.put("engine", engine.name());
		info.put("engineVersion", engine.version());
		info.put("djlVersion", engine.djlVersion());
		info.put("device", engine.deviceLabel());
		info.put("deviceNote", engine.deviceNote());
		info.put("djlDevice", engine.device());
		info.put("gpuCount", engine.gpuCount());
		info.put("engineLoadMillis", engine.loadMillis());
		info.put("dataDirectory", DataDirectory.root().toString());
		info.put("java", System.getProperty("java.version"));
		if (arguments.flag("json")) {
			context.printJson(info);
		} else {
			int width = info.keySet().stream().mapToInt(String::length).max().orElse(0);
			info.forEach((key, value) -> context.out.printf("%-" + width + "s  %s%n", key, value));
		}
		return 0;
	}

	private static String version(CommandContext context, String symbolicName) {
		for (Bundle bundle : context.bundles().getBundles()) {
			if (symbolicName.equals(bundle.getSymbolicName())) {
				return bundle.getVersion().toString();
			}
		}
		return "unknown";
	}
}
