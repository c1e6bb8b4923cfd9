#!/usr/bin/env bash
# Runs the built product's command line twice: as built (with the examples feature) and as it is without the
# examples feature, and checks that the example plug-ins are there in the first and absent in the second while the
# core works in both.
#
# "Without the examples feature" is the product's configuration with the three example bundles left out. That is what
# p2 installs for a product of the core feature alone: the core feature lists none of them and no core bundle requires
# them (org.digitworkbench.examples.tests, CoreWithoutExamplesTest, checks both on every build).
#
#   releng/check-without-examples.sh        after ./mvnw -B verify (or ./digits-workbench, which builds it)
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
source "$root/releng/jdk.sh"
product="$root/releng/org.digitworkbench.product/target/products/org.digitworkbench.product/linux/gtk/x86_64"
launcher=$(ls "$product"/plugins/org.eclipse.equinox.launcher_*.jar 2>/dev/null | head -n 1)
[ -n "$launcher" ] || { echo "No product in $product: build it first (./mvnw -B -DskipTests verify)." >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/core/org.eclipse.equinox.simpleconfigurator" "$work/data/datasets"
touch "$work/empty.pth"
cp "$product/configuration/config.ini" "$work/core/"
grep -v '^org\.digitworkbench\.examples\.' "$product/configuration/org.eclipse.equinox.simpleconfigurator/bundles.info" \
	> "$work/core/org.eclipse.equinox.simpleconfigurator/bundles.info"
[ -d "$HOME/.cache/digit-workbench/mnist" ] && ln -s "$HOME/.cache/digit-workbench/mnist" "$work/data/datasets/mnist"

cli() { # configuration, command...
	local configuration=$1
	shift
	"$JAVA_HOME/bin/java" -Xmx2g --enable-native-access=ALL-UNNAMED -Djava.awt.headless=true \
		-Ddigitworkbench.data="$work/data" -Dai.djl.offline=true -DOPT_OUT_TRACKING=true \
		-DDJL_CACHE_DIR="${DJL_CACHE_DIR:-$HOME/.cache/digit-workbench/djl}" \
		-Dorg.slf4j.simpleLogger.defaultLogLevel=error -jar "$launcher" -configuration "$configuration" \
		-application org.digitworkbench.cli.app -data "$work/data/workspace" -nosplash "$@" 2>&1
}

failed=0
check() { # description, text, pattern, expected (yes|no)
	if grep -q -- "$3" <<<"$2"; then found=yes; else found=no; fi
	if [ "$found" = "$4" ]; then echo "  ok    $1"; else echo "  FAIL  $1"; failed=1; fi
}

cp -r "$product/configuration" "$work/full"
for variant in full core; do
	echo "== product $([ $variant = full ] && echo "with" || echo "without") the examples feature"
	datasets=$(cli "$work/$variant" datasets --json)
	# the architecture is looked up before the file is read: "cannot import" with it, "unknown architecture" without
	architecture=$(cli "$work/$variant" import --arch resnet-tiny --name check "$work/empty.pth" || true)
	info=$(cli "$work/$variant" info)
	[ -n "${VERBOSE:-}" ] && printf "%s\n" "$datasets" "$architecture" "$info"
	expect=$([ $variant = full ] && echo yes || echo no)
	check "dataset fashion-mnist $([ $expect = yes ] && echo "listed" || echo "absent")" "$datasets" '"id": "fashion-mnist"' $expect
	check "the core's mnist listed" "$datasets" '"id": "mnist"' yes
	if [ $expect = yes ]; then
		check "architecture resnet-tiny known" "$architecture" "architecture 'resnet-tiny' cannot import" yes
	else
		check "architecture resnet-tiny unknown" "$architecture" "unknown architecture 'resnet-tiny'" yes
	fi
	check "the core starts its engine" "$info" 'engine  *PyTorch' yes
	check "activations view bundle $([ $expect = yes ] && echo "installed" || echo "absent")" \
		"$(cat "$work/$variant/org.eclipse.equinox.simpleconfigurator/bundles.info")" '^org.digitworkbench.examples.activations,' $expect
done
exit $failed
