# Sourced by ./digits-workbench and .ci/run: points JAVA_HOME at a JDK >= 21 (Tycho 5, SWT and SWTChart need it).
# Order: $JAVA_HOME, the newest JDK under /usr/lib/jvm, the java on PATH.

java_major() { # prints the feature version of the java binary $1, or 0
	"$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n 1 | grep . || echo 0
}

find_jdk21() {
	local candidate
	if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ]; then
		echo "$JAVA_HOME"; return 0
	fi
	for candidate in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -V -r); do
		candidate=${candidate%/}
		if [ -x "$candidate/bin/javac" ] && [ "$(java_major "$candidate/bin/java")" -ge 21 ]; then
			echo "$candidate"; return 0
		fi
	done
	if command -v javac >/dev/null 2>&1; then
		candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
		if [ "$(java_major "$candidate/bin/java")" -ge 21 ]; then
			echo "$candidate"; return 0
		fi
	fi
	return 1
}

if ! JAVA_HOME=$(find_jdk21); then
	echo "Digit Workbench needs a JDK 21 or newer: none found in \$JAVA_HOME, /usr/lib/jvm or on PATH." >&2
	echo "Install one (Debian 13: apt-get install openjdk-21-jdk; elsewhere: a Temurin 21+ JDK) or set JAVA_HOME." >&2
	return 1 2>/dev/null || exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
