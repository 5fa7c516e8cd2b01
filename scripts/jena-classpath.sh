#!/usr/bin/env bash
# Usage: scripts/jena-classpath.sh [DIR]
# Prints the Java class path that runs Debian's Jena (libapache-jena-java) command-line
# classes (arq.sparql, riotcmd.riot, shacl.shacl_validate): Jena's own jars, the jars of
# the packages it depends on, one SLF4J binding (all of /usr/share/java together do not
# start: log4j-over-slf4j and slf4j-log4j12 clash), and the message files of Debian's
# xercesImpl.jar, which Jena's relocated copy of xerces lacks (without
# xerces/impl/xpath/regex/message.properties XSDDatatype fails to initialise, and without
# xerces/impl/msg/*.properties an ill-formed literal fails the parse): they are copied,
# under the paths the relocated copy looks for, into DIR (default target/jena), which
# joins the class path.
set -euo pipefail
dir=${1:-$(dirname "$0")/../target/jena}
mkdir -p "$dir"
python3 - "$dir" <<'PY'
import os, sys, zipfile
with zipfile.ZipFile("/usr/share/java/xercesImpl.jar") as jar:
    for name in jar.namelist():
        if name.startswith("org/apache/xerces/") and name.endswith(".properties"):
            target = os.path.join(sys.argv[1], name[len("org/apache/"):])
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as out:
                out.write(jar.read(name))
PY
jars=()
for package in libapache-jena-java $(apt-cache depends --no-recommends --no-suggests libapache-jena-java 2>/dev/null | awk '/Depends:/ {print $2}'); do
  while read -r jar; do
    case "$jar" in
      */slf4j-*|*-slf4j*) ;; # the SLF4J bindings and bridges: one binding is added below
      /usr/share/java/*.jar) [[ -e $jar && ! $jar =~ -[0-9][0-9.]*\.jar$ ]] && jars+=("$jar") ;;
    esac
  done < <(dpkg -L "$package" 2>/dev/null)
done
jars+=(/usr/share/java/slf4j-api.jar /usr/share/java/slf4j-nop.jar "$(cd "$dir" && pwd)")
(IFS=:; echo "${jars[*]}")
