#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The sluice authors
"""What can be checked of packaging/ without vcpkg or conan: the files parse, name the version
of CMakeLists.txt, and agree with sluice's build (options, install paths, components).

Usage: check_packaging.py SOURCE_DIR VERSION PREFIX   (PREFIX: where the build was installed)
"""
import ast
import configparser
import json
import py_compile
import re
import sys
import tempfile
from pathlib import Path

COMPONENTS = {"jwt", "compression", "serve"}
problems = []


def expect(condition, problem):
    if not condition:
        problems.append(problem)


def check_vcpkg(port, version, cmake_options, prefix):
    manifest = json.loads((port / "vcpkg.json").read_text())
    expect(manifest.get("name") == "sluice", "vcpkg.json: name is not sluice")
    expect(manifest.get("version") == version, f"vcpkg.json: version {manifest.get('version')}, not {version}")
    expect(set(manifest.get("features", {})) == COMPONENTS,
           f"vcpkg.json: features {sorted(manifest.get('features', {}))}, not {sorted(COMPONENTS)}")
    expect("simdjson" in manifest.get("dependencies", []), "vcpkg.json: simdjson is not a dependency")
    hosts = {d["name"] for d in manifest.get("dependencies", []) if isinstance(d, dict) and d.get("host")}
    expect(hosts == {"vcpkg-cmake", "vcpkg-cmake-config"}, f"vcpkg.json: host dependencies {sorted(hosts)}")

    portfile = (port / "portfile.cmake").read_text()
    for option in re.findall(r"-D(SLUICE_[A-Z_]+)=", portfile):
        expect(option in cmake_options, f"portfile.cmake: sluice has no option {option}")
    config_path = re.search(r"vcpkg_cmake_config_fixup\(CONFIG_PATH (\S+)\)", portfile)
    expect(config_path and (prefix / config_path.group(1) / "sluiceConfig.cmake").is_file(),
           "portfile.cmake: CONFIG_PATH is not where sluiceConfig.cmake is installed")
    installed_pc = {p.stem for p in (prefix / "share/pkgconfig").glob("*.pc")}
    expect(installed_pc == {"sluice"} | {f"sluice-{c}" for c in COMPONENTS},
           f"the install has pkg-config files {sorted(installed_pc)}, not one per component")
    expect("${CURRENT_PACKAGES_DIR}/share/pkgconfig/" in portfile, "portfile.cmake: not where the .pc files are")
    usage = (port / "usage").read_text()
    for target in ["sluice::sluice"] + [f"sluice::{c}" for c in COMPONENTS]:
        expect(target in usage, f"usage: does not show {target}")


def check_conan(recipe_dir, version):
    for recipe in (recipe_dir / "conanfile.py", recipe_dir / "test_package" / "conanfile.py"):
        with tempfile.TemporaryDirectory() as scratch:  # no __pycache__ in the source tree
            try:
                py_compile.compile(str(recipe), cfile=str(Path(scratch) / "recipe.pyc"), doraise=True)
            except py_compile.PyCompileError as e:
                problems.append(f"{recipe}: {e.msg}")
                return
    tree = ast.parse((recipe_dir / "conanfile.py").read_text())
    recipe = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "SluiceConan")
    fields = {t.id: ast.literal_eval(n.value) for n in recipe.body if isinstance(n, ast.Assign)
              for t in n.targets if isinstance(t, ast.Name) and isinstance(n.value, (ast.Constant, ast.Dict, ast.Tuple))}
    expect(fields.get("name") == "sluice", "conanfile.py: name is not sluice")
    expect(fields.get("package_type") == "header-library", "conanfile.py: package_type is not header-library")
    expect("version" not in fields, "conanfile.py: a fixed version (set_version reads CMakeLists.txt)")
    expect(set(fields.get("options", {})) == {f"with_{c}" for c in COMPONENTS},
           f"conanfile.py: options {sorted(fields.get('options', {}))}")
    expect(set(fields.get("default_options", {})) == set(fields.get("options", {})),
           "conanfile.py: default_options do not cover the options")
    methods = {n.name for n in recipe.body if isinstance(n, ast.FunctionDef)}
    for method in ("set_version", "export_sources", "layout", "requirements", "package_id", "package",
                   "package_info"):
        expect(method in methods, f"conanfile.py: no {method}()")
    # set_version() reads project() in CMakeLists.txt with _VERSION_PATTERN: it must find this version.
    pattern = next((ast.literal_eval(n.value) for n in tree.body if isinstance(n, ast.Assign)
                    and any(isinstance(t, ast.Name) and t.id == "_VERSION_PATTERN" for t in n.targets)), None)
    found = pattern and re.search(pattern, (recipe_dir / ".." / ".." / "CMakeLists.txt").read_text())
    expect(found and found.group(1) == version, "conanfile.py: _VERSION_PATTERN does not find the version")


def check_meson_wrap(wrap_file, version, meson_build):
    wrap = configparser.ConfigParser()
    wrap.read(wrap_file)
    expect(wrap.get("wrap-git", "revision", fallback="") == f"v{version}", "sluice.wrap: revision is not the version's tag")
    provides = dict(wrap.items("provide")) if wrap.has_section("provide") else {}
    expect({"sluice", "sluice-jwt", "sluice-compression"} <= set(provides), f"sluice.wrap: provides {sorted(provides)}")
    for name, variable in provides.items():
        expect(re.search(rf"^\s*{variable} = declare_dependency\(", meson_build, re.M),  # also inside if/else
               f"sluice.wrap: {name} = {variable}, which meson.build does not declare")


def main():
    source, version, prefix = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    cmake_options = set(re.findall(r"option\((SLUICE_[A-Z_]+)", (source / "CMakeLists.txt").read_text()))
    check_vcpkg(source / "packaging/vcpkg/ports/sluice", version, cmake_options, prefix)
    check_conan(source / "packaging/conan", version)
    check_meson_wrap(source / "packaging/meson/sluice.wrap", version, (source / "meson.build").read_text())
    for problem in problems:
        print(problem)
    if problems:
        sys.exit(1)
    print("packaging files agree with the build")


if __name__ == "__main__":
    main()
