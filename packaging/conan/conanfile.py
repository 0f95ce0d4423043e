# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The sluice authors
"""Conan 2 recipe of sluice, packaging the source tree it lives in (docs/install.md).

    conan create packaging/conan -o "sluice/*:with_jwt=True"

Header-only: the package holds the headers, the licence and SluiceLambda.cmake (which gives
CMake users sluice_add_lambda); CMakeDeps and PkgConfigDeps write the targets and .pc files
from package_info(), named as sluice's own CMake package and pkg-config files name them.
"""
import os
import re

from conan import ConanFile
from conan.errors import ConanException
from conan.tools.build import check_min_cppstd
from conan.tools.files import copy, load
from conan.tools.layout import basic_layout

required_conan_version = ">=2.0"

# The source tree, seen from this file: packaging/conan/ -> the root.
_ROOT = os.path.join("..", "..")
# The version: project() in CMakeLists.txt (tests/consumers/check_packaging.py checks this finds it).
_VERSION_PATTERN = r"project\(\s*sluice\s+VERSION\s+([0-9.]+)"


class SluiceConan(ConanFile):
    name = "sluice"
    description = "Typed, compile-time routed AWS Lambda backends in C++20"
    license = "MIT"
    url = "https://github.com/sluice-cpp/sluice"
    homepage = "https://github.com/sluice-cpp/sluice"
    topics = ("aws-lambda", "serverless", "http", "router", "simdjson", "header-only")
    package_type = "header-library"
    settings = "os", "arch", "compiler", "build_type"
    options = {
        "with_jwt": [True, False],
        "with_compression": [True, False],
        "with_serve": [True, False],
    }
    default_options = {
        "with_jwt": False,
        "with_compression": False,
        "with_serve": False,
    }
    no_copy_source = True

    def set_version(self):
        if self.version:
            return
        cmake = load(self, os.path.join(self.recipe_folder, _ROOT, "CMakeLists.txt"))
        found = re.search(_VERSION_PATTERN, cmake)
        if not found:
            raise ConanException("sluice: no project(sluice VERSION x.y.z) in CMakeLists.txt")
        self.version = found.group(1)

    def export_sources(self):
        root = os.path.join(self.recipe_folder, _ROOT)
        copy(self, "LICENSE", root, self.export_sources_folder)
        copy(self, "*.hpp", os.path.join(root, "include"), os.path.join(self.export_sources_folder, "include"))
        for name in ("SluiceLambda.cmake", "SluiceLambdaCompat.cpp"):
            copy(self, name, os.path.join(root, "cmake"), os.path.join(self.export_sources_folder, "cmake"))

    def layout(self):
        basic_layout(self, src_folder="src")

    def requirements(self):
        # Version ranges: sluice works with any simdjson 3, OpenSSL 3, zlib 1.2.11 and later.
        self.requires("simdjson/[>=3.0 <4]")
        if self.options.with_jwt:
            self.requires("openssl/[>=3 <4]")
        if self.options.with_compression:
            self.requires("zlib/[>=1.2.11 <2]")
        if self.options.with_serve:
            self.requires("cpp-httplib/[>=0.11 <1]")

    def package_id(self):
        # The same headers whatever the settings and options.
        self.info.clear()

    def validate(self):
        check_min_cppstd(self, 20)
        if self.settings.os == "Windows":
            raise ConanException(f"{self.ref} needs POSIX sockets and threads (Lambda runs Linux)")

    def package(self):
        copy(self, "LICENSE", self.source_folder, os.path.join(self.package_folder, "licenses"))
        copy(self, "*.hpp", os.path.join(self.source_folder, "include"), os.path.join(self.package_folder, "include"))
        copy(self, "Sluice*", os.path.join(self.source_folder, "cmake"), os.path.join(self.package_folder, "lib", "cmake"))

    def package_info(self):
        self.cpp_info.bindirs = []
        self.cpp_info.libdirs = []
        self.cpp_info.set_property("cmake_file_name", "sluice")
        self.cpp_info.set_property("pkg_config_name", "sluice-all")  # the components are the real ones
        # find_package(sluice) then also defines sluice_add_lambda().
        self.cpp_info.set_property("cmake_build_modules", [os.path.join("lib", "cmake", "SluiceLambda.cmake")])

        core = self.cpp_info.components["core"]
        core.set_property("cmake_target_name", "sluice::sluice")
        core.set_property("pkg_config_name", "sluice")
        core.bindirs = []
        core.libdirs = []
        core.requires = ["simdjson::simdjson"]

        features = {
            "with_jwt": ("jwt", ["openssl::crypto"], []),
            "with_compression": ("compression", ["zlib::zlib"], []),
            "with_serve": ("serve", ["cpp-httplib::cpp-httplib"], ["pthread"]),
        }
        for option, (component, requires, system_libs) in features.items():
            if not self.options.get_safe(option):
                continue
            c = self.cpp_info.components[component]
            c.set_property("cmake_target_name", f"sluice::{component}")
            c.set_property("pkg_config_name", f"sluice-{component}")
            c.bindirs = []
            c.libdirs = []
            c.requires = ["core"] + requires
            if self.settings.os in ("Linux", "FreeBSD"):
                c.system_libs = system_libs
