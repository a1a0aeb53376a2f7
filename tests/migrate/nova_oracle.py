#!/usr/bin/python3
"""Nova's own code as the oracle of `vifxml migrate` (suite 'migrate').

    nova_oracle.py VIFXML CASES_DIR

Each case directory holds domain.xml (a legacy domain), network_info.json
(the destination VIFs, as Neutron gives them; `vifxml migrate --vif` reads
the same file) and flavor.json (the flavor's extra specs). For each case:

  1. Nova 26 (Debian's python3-nova) rewrites the domain as its live
     migration does: nova.virt.libvirt.migration._update_vif_xml with
     LibvirtGenericVIFDriver.get_config (virt_type kvm) as get_vif_config;
  2. vifxml migrate --vif network_info.json --flavor-specs flavor.json
     rewrites it;
  3. Nova's document is normalized with `vifxml normalize`, and interface by
     interface the host side of both must be equal: everything but the guest
     side that vifxml keeps from the source and Nova re-renders or loses
     (model, driver, address, alias, boot, rom, link, acpi, coalesce).

And `vifxml from-vif --flavor-specs flavor.json network_info.json` must
render each VIF's host side as Nova's get_config renders it afresh for that
flavor (the <bandwidth> of the quota:vif_* specs included).

One deliberate difference is allowed and printed: where the source had an
<mtu> and Nova's destination renders none (vhost-user, direct), Nova drops
the guest's MTU and vifxml keeps it (docs/migrate.md).

Only VIF types that Nova 26 renders as today's Nova belong in the cases (not
tap, bridge or ovs_create_tap). Nothing is skipped: if Nova cannot be
imported the test fails.
"""
import functools
import glob
import json
import os
import subprocess
import sys
import tempfile
import warnings

warnings.simplefilter("ignore")

GUEST = {"model", "driver", "address", "alias", "boot", "rom", "link", "acpi",
         "coalesce"}


def fail(msg):
    print("FAIL " + msg)
    print("0 passed, 1 failed")
    sys.exit(1)


try:
    from lxml import etree
    import os_vif.objects
    from nova import conf as nova_conf
    from nova import objects
    from nova.network import model as network_model
    from nova.virt.libvirt import migration
    from nova.virt.libvirt import vif as vif_driver
except Exception as e:  # noqa: BLE001 - any import failure is a failure
    fail("cannot import Nova (install python3-nova, see .ci/deps): %s" % e)

import logging
logging.disable(logging.CRITICAL)
objects.register_all()
os_vif.objects.register_all()
nova_conf.CONF([], project="nova", default_config_files=[])


class MigrateVif:
    """What _update_vif_xml reads of a VIFMigrateData."""

    def __init__(self, vif):
        self.source_vif = {"address": vif["address"]}
        self._dest = vif

    def get_dest_vif(self):
        return self._dest


class MigrateData:
    def __init__(self, vifs):
        self.vifs = vifs


def nova_driver(specs):
    specs = specs.get("properties", specs)
    flavor = objects.Flavor(name="m1", vcpus=1, memory_mb=64,
                            extra_specs={k: str(v) for k, v in specs.items()})
    instance = objects.Instance(
        uuid="3e3fce45-4f53-4fa7-bb32-11f34168b82b", id=42, vcpus=1,
        display_name="oracle", project_id="p", flavor=flavor)
    image_meta = objects.ImageMeta.from_dict({"properties": {}})
    driver = vif_driver.LibvirtGenericVIFDriver()
    return functools.partial(driver.get_config, instance,
                             image_meta=image_meta, flavor=flavor,
                             virt_type="kvm")


def nova_rewrite(domain, vifs, specs):
    get_config = nova_driver(specs)
    data = MigrateData([MigrateVif(network_model.VIF.hydrate(v))
                        for v in vifs])
    doc = etree.fromstring(domain.encode())
    return etree.tostring(migration._update_vif_xml(doc, data, get_config),
                          encoding="unicode")


def interfaces(xml):
    doc = etree.fromstring(xml.encode())
    return doc.findall("./devices/interface")


def host_side(iface):
    e = etree.fromstring(etree.tostring(iface))
    for child in list(e):
        if child.tag in GUEST:
            e.remove(child)
    e.tail = None
    for child in e.iter():
        if child.text is not None and not child.text.strip():
            child.text = None
        if child.tail is not None and not child.tail.strip():
            child.tail = None
    return etree.tostring(e, encoding="unicode")


def run(vifxml, args, stdin=None):
    p = subprocess.run([vifxml] + args, input=stdin, capture_output=True,
                       text=True)
    return p.returncode, p.stdout, p.stderr


def check(vifxml, case):
    name = os.path.basename(case)
    domain_path = os.path.join(case, "domain.xml")
    with open(domain_path) as f:
        domain = f.read()
    with open(os.path.join(case, "network_info.json")) as f:
        vifs = json.load(f)
    with open(os.path.join(case, "flavor.json")) as f:
        specs = json.load(f)
    try:
        nova = nova_rewrite(domain, vifs, specs)
    except Exception as e:  # noqa: BLE001
        return ["%s: Nova refused: %r" % (name, e)], []
    rc, nova_norm, err = run(vifxml, ["normalize", "-q", "-"], nova)
    if rc != 0:
        return ["%s: vifxml normalize of Nova's output: %s" % (name, err)], []
    rc, ours, err = run(vifxml, [
        "migrate", "-q", "--vif", os.path.join(case, "network_info.json"),
        "--flavor-specs", os.path.join(case, "flavor.json"), domain_path])
    if rc != 0:
        return ["%s: vifxml migrate failed: %s" % (name, err)], []
    rc, src_norm, err = run(vifxml, ["normalize", "-q", domain_path])
    a, b, s = interfaces(nova_norm), interfaces(ours), interfaces(src_norm)
    if len(a) != len(b) or len(a) != len(s):
        return ["%s: %d interfaces from Nova, %d from vifxml" %
                (name, len(a), len(b))], []
    failures, notes = [], []
    for i, (n, o, src) in enumerate(zip(a, b, s)):
        mac = o.find("mac").get("address")
        src_mtu = src.find("mtu")
        if n.find("mtu") is None and o.find("mtu") is not None and \
                src_mtu is not None and \
                o.find("mtu").get("size") == src_mtu.get("size"):
            notes.append("%s: interface %d (%s): Nova drops the source's "
                         "<mtu size='%s'>, vifxml keeps it (deliberate)" %
                         (name, i + 1, mac, src_mtu.get("size")))
            o.remove(o.find("mtu"))
        hn, ho = host_side(n), host_side(o)
        if hn != ho:
            failures.append("%s: interface %d (%s): host side differs\n"
                            "  Nova:   %s\n  vifxml: %s" %
                            (name, i + 1, mac, hn, ho))
        else:
            notes.append("%s: interface %d (%s, %s): host side as Nova's: %s"
                         % (name, i + 1, mac,
                            [v["type"] for v in vifs
                             if v["address"].lower() == mac][0], hn))
    failures += check_from_vif(vifxml, case, name, vifs, specs, notes)
    return failures, notes


def check_from_vif(vifxml, case, name, vifs, specs, notes):
    get_config = nova_driver(specs)
    nova = "".join(get_config(network_model.VIF.hydrate(v)).to_xml()
                   for v in vifs)
    rc, nova_norm, err = run(vifxml, ["normalize", "-q", "-"], nova)
    if rc != 0:
        return ["%s: vifxml normalize of Nova's get_config: %s" % (name, err)]
    rc, ours, err = run(vifxml, [
        "from-vif", "-q", "--flavor-specs", os.path.join(case, "flavor.json"),
        os.path.join(case, "network_info.json")])
    if rc != 0:
        return ["%s: vifxml from-vif failed: %s" % (name, err)]
    a = etree.fromstring(("<r>%s</r>" % nova_norm).encode()).findall("interface")
    b = etree.fromstring(("<r>%s</r>" % ours).encode()).findall("interface")
    if len(a) != len(b) or len(a) != len(vifs):
        return ["%s: from-vif: %d interfaces from Nova, %d from vifxml" %
                (name, len(a), len(b))]
    failures = []
    for i, (n, o) in enumerate(zip(a, b)):
        hn, ho = host_side(n), host_side(o)
        if hn != ho:
            failures.append("%s: from-vif VIF %d: host side differs\n"
                            "  Nova:   %s\n  vifxml: %s" % (name, i + 1, hn, ho))
        else:
            notes.append("%s: from-vif VIF %d (%s): host side as Nova's "
                         "get_config: %s" % (name, i + 1, vifs[i]["type"], hn))
    return failures


def main():
    if len(sys.argv) != 3:
        print("usage: nova_oracle.py VIFXML CASES_DIR", file=sys.stderr)
        return 2
    vifxml = os.path.abspath(sys.argv[1])
    cases = sorted(d for d in glob.glob(os.path.join(sys.argv[2], "*"))
                   if os.path.isdir(d))
    if not cases:
        fail("no cases under %s" % sys.argv[2])
    passed = failed = 0
    for case in cases:
        failures, notes = check(vifxml, case)
        for n in notes:
            print("PASS " + n)
        for f in failures:
            print("FAIL " + f)
        passed += len(notes) - sum("deliberate" in n for n in notes)
        failed += len(failures)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
