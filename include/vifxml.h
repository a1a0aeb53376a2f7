/* vifxml: libvirt guest <interface> XML <-> canonical IR <-> normalized XML.
 *
 * ## Conventions
 * - Functions that can fail return 0 on success and -1 on failure; the
 *   failure is described by a vifxml_error (file, line, column, message).
 * - Strings in the IR are NUL-terminated UTF-8 owned by an arena; NULL means
 *   "absent". An IR never outlives the arena it was parsed or copied into.
 * - Handles (stream, arena) are opaque, reentrant and hold no global state.
 *   Every allocation goes through the allocator given at creation (or
 *   malloc/realloc/free when NULL is given).
 *
 * ## The schema tables
 * The X-macro tables below declare every XML name, interface type, element
 * and attribute once. The parser, the writer and the VIF mapper all expand
 * them; the columns after the identifier are only meaningful inside the
 * library (lib/schema.c), so a client just uses the generated enums.
 */
#ifndef VIFXML_H
#define VIFXML_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VIFXML_VERSION_MAJOR 0
#define VIFXML_VERSION_MINOR 1
#define VIFXML_VERSION_PATCH 0
#define VIFXML_VERSION_STRING "0.1.0"
#define VIFXML_VERSION_HEX                                                    \
  ((VIFXML_VERSION_MAJOR << 16) | (VIFXML_VERSION_MINOR << 8) |              \
   VIFXML_VERSION_PATCH)

#if defined(VIFXML_BUILDING) && defined(__GNUC__)
#define VIFXML_API __attribute__((visibility("default")))
#else
#define VIFXML_API
#endif

/* ## Names: every element and attribute name, exactly once. */
#define VIFXML_NAMES(X)                                                        \
  X(ACPI, "acpi") X(ACTUAL, "actual") X(ADDRESS, "address")                    \
  X(ALIAS, "alias") X(ATS, "ats") X(AVERAGE, "average")                        \
  X(BACKEND, "backend") X(BACKENDDOMAIN, "backenddomain")                      \
  X(BANDWIDTH, "bandwidth") X(BAR, "bar") X(BASE, "base") X(BOOT, "boot")      \
  X(BRIDGE, "bridge") X(BURST, "burst") X(BUS, "bus") X(CHECK, "check")        \
  X(COALESCE, "coalesce") X(CONNECTIONID, "connectionid")                  \
  X(CONTROLLER, "controller") X(CSSID, "cssid")        \
  X(CSUM, "csum") X(DEV, "dev") X(DEVICE, "device") X(DEVICES, "devices")      \
  X(DEVNO, "devno") X(DOMAIN, "domain") X(DOWNSCRIPT, "downscript")            \
  X(DRIVER, "driver") X(ECN, "ecn") X(ENABLED, "enabled") X(END, "end")        \
  X(EVENT_IDX, "event_idx") X(EXCLUDE, "exclude") X(FAMILY, "family")          \
  X(FID, "fid") X(FILE, "file") X(FILTER, "filter")                            \
  X(FILTERREF, "filterref") X(FLOOR, "floor") X(FRAMES, "frames")              \
  X(FUNCTION, "function") X(GATEWAY, "gateway") X(GSO, "gso")                  \
  X(GUEST, "guest") X(GUESTRESET, "guestReset") X(HOST, "host") X(ID, "id")    \
  X(INBOUND, "inbound") X(INDEX, "index") X(INSTANCEID, "instanceid")          \
  X(INTERFACE, "interface") X(INTERFACEID, "interfaceid")                      \
  X(IOBASE, "iobase") X(IOEVENTFD, "ioeventfd") X(IOMMU, "iommu")              \
  X(IP, "ip") X(IRQ, "irq") X(ISOLATED, "isolated") X(LINK, "link")            \
  X(LOADPARM, "loadparm") X(LOCAL, "local") X(LOGFILE, "logFile") X(MAC, "mac")                  \
  X(MACTABLEMANAGER, "macTableManager") X(MANAGED, "managed")                  \
  X(MANAGERID, "managerid") X(MAX, "max") X(METRIC, "metric")                  \
  X(MODE, "mode") X(MODEL, "model") X(MRG_RXBUF, "mrg_rxbuf") X(MTU, "mtu")    \
  X(MULTIFUNCTION, "multifunction") X(NAME, "name")                            \
  X(NATIVEMODE, "nativeMode") X(NETMASK, "netmask") X(NETWORK, "network")      \
  X(ORDER, "order") X(OUTBOUND, "outbound") X(PACKED, "packed")                \
  X(PAGE_PER_VQ, "page_per_vq") X(PARAMETER, "parameter")                      \
  X(PARAMETERS, "parameters") X(PATH, "path") X(PEAK, "peak")                  \
  X(PEER, "peer") X(PERSISTENT, "persistent") X(PORT, "port")                  \
  X(PORTFORWARD, "portForward") X(PORTGROUP, "portgroup")              \
  X(PORTGROUPID, "portgroupid")                      \
  X(PORTID, "portid") X(PORTPROFILE, "portprofile") X(PREFIX, "prefix")        \
  X(PRODUCT, "product") X(PROFILEID, "profileid") X(PROTO, "proto")            \
  X(QUEUES, "queues") X(RANGE, "range") X(RECONNECT, "reconnect")              \
  X(REG, "reg") X(ROM, "rom") X(ROUTE, "route") X(RSS, "rss")                  \
  X(RSS_HASH_REPORT, "rss_hash_report") X(RX, "rx")                            \
  X(RX_QUEUE_SIZE, "rx_queue_size") X(SCRIPT, "script") X(SIZE, "size")        \
  X(SLOT, "slot") X(SNDBUF, "sndbuf") X(SOURCE, "source") X(SSID, "ssid")      \
  X(START, "start") X(STARTUPPOLICY, "startupPolicy") X(STATE, "state")   \
  X(SWITCHID, "switchid")        \
  X(TAG, "tag") X(TAP, "tap") X(TARGET, "target") X(TEAMING, "teaming")        \
  X(TIMEOUT, "timeout") X(TO, "to") X(TRUNK, "trunk")                          \
  X(TRUSTGUESTRXFILTERS, "trustGuestRxFilters") X(TSO4, "tso4")                \
  X(TSO6, "tso6") X(TUNE, "tune") X(TX_QUEUE_SIZE, "tx_queue_size")            \
  X(TXMODE, "txmode") X(TYPE, "type") X(TYPEID, "typeid")                      \
  X(TYPEIDVERSION, "typeidversion") X(UFO, "ufo") X(UID, "uid")                \
  X(UNIT, "unit") X(VALUE, "value") X(VENDOR, "vendor") X(VHOST, "vhost")      \
  X(VIRTUALPORT, "virtualport") X(VLAN, "vlan")                                \
  X(VPORTPROFILE, "vportprofile") X(WRITEFILTERING, "writeFiltering")          \
  X(ZPCI, "zpci")

/* ## Interface types: X(ID, spelling, kind). `none` is the Xen-era spelling
 * that the parser turns into `bridge` (see README, legacy forms). The types
 * outside the five kinds and the network reference are kinds of their own,
 * parsed and written like the rest, outside the VIF map (but vdpa, which
 * Nova writes for vDPA ports). */
#define VIFXML_TYPES(X)                                                        \
  X(BRIDGE, "bridge", BRIDGE) X(ETHERNET, "ethernet", GENERIC)                 \
  X(VHOSTUSER, "vhostuser", VHOSTUSER) X(HOSTDEV, "hostdev", PCI_ASSIGNED)     \
  X(DIRECT, "direct", DIRECT) X(NETWORK, "network", NETWORK)                   \
  X(USER, "user", USER) X(SERVER, "server", SERVER)                            \
  X(CLIENT, "client", CLIENT) X(MCAST, "mcast", MCAST)                         \
  X(UDP, "udp", UDP) X(INTERNAL, "internal", INTERNAL)                         \
  X(VDPA, "vdpa", VDPA) X(NULL, "null", NULL) X(VDS, "vds", VDS)

/* ## Elements: X(ID, PARENT, NAME, TYPES, FLAGS). Siblings are listed in
 * libvirt's output order (virDomainNetDefFormat), which is the order the
 * writer uses. TYPES restricts an element to some interface types; the same
 * name may have one row per meaning (the hostdev <driver> is not the virtio
 * <driver>). FLAGS: LIST (repeatable), TEXT (has text content), DROP (status
 * data libvirt ignores in config form; skipped). */
#define VIFXML_ELEMENTS(X)                                                     \
  X(INTERFACE, NONE, INTERFACE, ANY, 0)                                        \
  X(MAC, INTERFACE, MAC, ANY, 0)                                               \
  X(HDRIVER, INTERFACE, DRIVER, T(HOSTDEV), 0)                                 \
  X(SOURCE, INTERFACE, SOURCE, ANY, 0)                                         \
  X(RECONNECT, SOURCE, RECONNECT, T(VHOSTUSER), 0)                             \
  X(SRC_LOCAL, SOURCE, LOCAL, T(UDP), 0)                                       \
  X(SRC_VENDOR, SOURCE, VENDOR, T(HOSTDEV), 0)                                 \
  X(SRC_PRODUCT, SOURCE, PRODUCT, T(HOSTDEV), 0)                               \
  X(SRC_ADDRESS, SOURCE, ADDRESS, T(HOSTDEV), 0)                               \
  X(SRC_IP, SOURCE, IP, ANY, LIST)                                             \
  X(SRC_ROUTE, SOURCE, ROUTE, ANY, LIST)                                       \
  X(VLAN, INTERFACE, VLAN, ANY, TEXT)                                          \
  X(TAG, VLAN, TAG, ANY, LIST)                                                 \
  X(VIRTUALPORT, INTERFACE, VIRTUALPORT, ANY, 0)                               \
  X(VP_PARAMETERS, VIRTUALPORT, PARAMETERS, ANY, 0)                            \
  X(BANDWIDTH, INTERFACE, BANDWIDTH, ANY, 0)                                   \
  X(INBOUND, BANDWIDTH, INBOUND, ANY, 0)                                       \
  X(OUTBOUND, BANDWIDTH, OUTBOUND, ANY, 0)                                     \
  X(PORT, INTERFACE, PORT, ANY, 0)                                             \
  X(ACTUAL, INTERFACE, ACTUAL, ANY, DROP)                                      \
  X(IP, INTERFACE, IP, ANY, LIST)                                              \
  X(ROUTE, INTERFACE, ROUTE, ANY, LIST)                                        \
  X(PORTFORWARD, INTERFACE, PORTFORWARD, ANY, LIST)                            \
  X(RANGE, PORTFORWARD, RANGE, ANY, LIST)                                      \
  X(SCRIPT, INTERFACE, SCRIPT, ANY, 0)                                         \
  X(DOWNSCRIPT, INTERFACE, DOWNSCRIPT, ANY, 0)                                 \
  X(BACKENDDOMAIN, INTERFACE, BACKENDDOMAIN, ANY, 0)                           \
  X(TARGET, INTERFACE, TARGET, ANY, 0)                                         \
  X(GUEST, INTERFACE, GUEST, ANY, 0)                                           \
  X(MODEL, INTERFACE, MODEL, ANY, 0)                                           \
  X(DRIVER, INTERFACE, DRIVER, NOT(HOSTDEV), 0)                                \
  X(DRV_HOST, DRIVER, HOST, ANY, 0)                                            \
  X(DRV_GUEST, DRIVER, GUEST, ANY, 0)                                          \
  X(BACKEND, INTERFACE, BACKEND, ANY, 0)                                       \
  X(FILTERREF, INTERFACE, FILTERREF, ANY, 0)                                   \
  X(FPARAM, FILTERREF, PARAMETER, ANY, LIST)                                   \
  X(TUNE, INTERFACE, TUNE, ANY, 0)                                             \
  X(SNDBUF, TUNE, SNDBUF, ANY, TEXT)                                           \
  X(TEAMING, INTERFACE, TEAMING, ANY, 0)                                       \
  X(LINK, INTERFACE, LINK, ANY, 0)                                             \
  X(MTU, INTERFACE, MTU, ANY, 0)                                               \
  X(COALESCE, INTERFACE, COALESCE, ANY, 0)                                     \
  X(CO_RX, COALESCE, RX, ANY, 0)                                               \
  X(CO_FRAMES, CO_RX, FRAMES, ANY, 0)                                          \
  X(BOOT, INTERFACE, BOOT, ANY, 0)                                             \
  X(ALIAS, INTERFACE, ALIAS, ANY, 0)                                           \
  X(ROM, INTERFACE, ROM, ANY, 0)                                               \
  X(ACPI, INTERFACE, ACPI, ANY, 0)                                             \
  X(ADDRESS, INTERFACE, ADDRESS, ANY, 0)                                       \
  X(ZPCI, ADDRESS, ZPCI, ANY, 0)

/* Legacy element spellings: X(NAME, ELEMENT they mean). */
#define VIFXML_ELEMENT_ALIASES(X)                                              \
  X(PORTPROFILE, VIRTUALPORT) X(VPORTPROFILE, VIRTUALPORT)

/* Address types (the `type` of a device <address> or hostdev source
 * <address>): X(ID, spelling). */
#define VIFXML_ADDRS(X)                                                        \
  X(PCI, "pci") X(DRIVE, "drive") X(VIRTIO_SERIAL, "virtio-serial")            \
  X(CCID, "ccid") X(USB, "usb") X(SPAPR_VIO, "spapr-vio") X(CCW, "ccw")        \
  X(ISA, "isa") X(VIRTIO_MMIO, "virtio-mmio") X(DIMM, "dimm")                  \
  X(UNASSIGNED, "unassigned")

/* ## Fields: X(ID, ELEMENT, NAME, TYPES, VARIANT, VALUE, FLAGS), one per
 * attribute (NAME = NONE: the element's text). Within an element they are
 * in libvirt's attribute output order. VARIANT restricts a field to one
 * address type. VALUE names the value syntax and canonical spelling
 * (lib/value.c). FLAGS: REQ (required), DROP (accepted, never written:
 * libvirt ignores it in config form), LEGACY (rewritten into other fields),
 * EMPTY (an empty value is read as absent, as libvirt reads it). */
#define VIFXML_FIELDS(X)                                                       \
  X(IFACE_TYPE, INTERFACE, TYPE, ANY, ANYV, IFTYPE, 0)                         \
  X(IFACE_MANAGED, INTERFACE, MANAGED, T(HOSTDEV), ANYV, YESNO, 0)             \
  X(IFACE_TRUST, INTERFACE, TRUSTGUESTRXFILTERS, ANY, ANYV, YESNO, 0)          \
  X(MAC_ADDRESS, MAC, ADDRESS, ANY, ANYV, MAC, 0)                              \
  X(MAC_TYPE, MAC, TYPE, ANY, ANYV, ENUM(mac_type), 0)                         \
  X(MAC_CHECK, MAC, CHECK, ANY, ANYV, YESNO, 0)                                \
  X(HDRIVER_NAME, HDRIVER, NAME, ANY, ANYV, ENUM(hostdev_driver), 0)           \
  X(HDRV_IOMMU, HDRIVER, IOMMU, ANY, ANYV, ONOFF, 0)                           \
  X(HDRV_ATS, HDRIVER, ATS, ANY, ANYV, ONOFF, 0)                               \
  X(HDRV_PACKED, HDRIVER, PACKED, ANY, ANYV, ONOFF, 0)                         \
  X(HDRV_PAGE_PER_VQ, HDRIVER, PAGE_PER_VQ, ANY, ANYV, ONOFF, 0)               \
  X(SRC_NETWORK, SOURCE, NETWORK, T(NETWORK), ANYV, STR, REQ)                  \
  X(SRC_PORTGROUP, SOURCE, PORTGROUP, T(NETWORK), ANYV, STR, 0)                \
  X(SRC_PORTID, SOURCE, PORTID, T(NETWORK), ANYV, UUID, DROP)                  \
  X(SRC_BRIDGE, SOURCE, BRIDGE, T(BRIDGE), ANYV, STR, REQ)                     \
  X(SRC_DEV, SOURCE, DEV, T(DIRECT), ANYV, STR, REQ)                           \
  X(SRC_DIRECT_MODE, SOURCE, MODE, T(DIRECT), ANYV, ENUM(direct_mode), 0)      \
  X(SRC_VHU_TYPE, SOURCE, TYPE, T(VHOSTUSER), ANYV, VHUTYPE, REQ)              \
  X(SRC_PATH, SOURCE, PATH, T(VHOSTUSER), ANYV, STR, REQ)                      \
  X(SRC_VHU_MODE, SOURCE, MODE, T(VHOSTUSER), ANYV, ENUM(vhu_mode), REQ)       \
  X(SRC_WRITEFILTERING, SOURCE, WRITEFILTERING, T(HOSTDEV), ANYV, YESNO, 0)    \
  X(SRC_STARTUPPOLICY, SOURCE, STARTUPPOLICY, T(HOSTDEV), ANYV,                \
    ENUM(startup_policy), 0)                                                   \
  X(SRC_GUESTRESET, SOURCE, GUESTRESET, T(HOSTDEV), ANYV, ENUM(guest_reset), 0)\
  X(SRC_HOSTDEV_DEV, SOURCE, DEV, T(HOSTDEV), ANYV, STR, LEGACY)               \
  X(SRC_LIVE_BRIDGE, SOURCE, BRIDGE, T(NETWORK), ANYV, STR, DROP)              \
  X(SRC_LIVE_MTM, SOURCE, MACTABLEMANAGER, T(NETWORK) | T(BRIDGE) | T(DIRECT), \
    ANYV, STR, DROP)                                                           \
  X(SRC_LIVE_NETWORK, SOURCE, NETWORK, T(BRIDGE) | T(DIRECT), ANYV, STR, DROP) \
  X(SRC_LIVE_PORTGROUP, SOURCE, PORTGROUP, T(BRIDGE) | T(DIRECT), ANYV, STR,   \
    DROP)                                                                      \
  X(SRC_LIVE_PORTID, SOURCE, PORTID, T(BRIDGE) | T(DIRECT), ANYV, STR, DROP)   \
  X(SRC_SERVER_ADDRESS, SOURCE, ADDRESS, T(SERVER), ANYV, STR, 0)              \
  X(SRC_SOCK_ADDRESS, SOURCE, ADDRESS, T(CLIENT) | T(MCAST) | T(UDP), ANYV,    \
    STR, REQ)                                                                  \
  X(SRC_SOCK_PORT, SOURCE, PORT, T(SERVER) | T(CLIENT) | T(MCAST) | T(UDP),    \
    ANYV, INT, REQ)                                                            \
  X(SRC_INTERNAL_NAME, SOURCE, NAME, T(INTERNAL), ANYV, STR, REQ)              \
  X(SRC_VDPA_DEV, SOURCE, DEV, T(VDPA), ANYV, STR, REQ)                        \
  X(SRC_VDS_SWITCHID, SOURCE, SWITCHID, T(VDS), ANYV, UUID, REQ)               \
  X(SRC_VDS_PORTID, SOURCE, PORTID, T(VDS), ANYV, LL_B0, REQ)                  \
  X(SRC_VDS_PORTGROUPID, SOURCE, PORTGROUPID, T(VDS), ANYV, STR, REQ)          \
  X(SRC_VDS_CONNECTIONID, SOURCE, CONNECTIONID, T(VDS), ANYV, LL_B0, REQ)      \
  X(SRC_USER_DEV, SOURCE, DEV, T(USER), ANYV, STR, DROP)                       \
  X(RECONNECT_ENABLED, RECONNECT, ENABLED, ANY, ANYV, YESNO, REQ)              \
  X(RECONNECT_TIMEOUT, RECONNECT, TIMEOUT, ANY, ANYV, UINT, 0)                 \
  X(LOCAL_ADDRESS, SRC_LOCAL, ADDRESS, ANY, ANYV, STR, REQ)                    \
  X(LOCAL_PORT, SRC_LOCAL, PORT, ANY, ANYV, INT, REQ)                          \
  X(SRC_VENDOR_ID, SRC_VENDOR, ID, ANY, ANYV, HEX4_B0, REQ)                    \
  X(SRC_PRODUCT_ID, SRC_PRODUCT, ID, ANY, ANYV, HEX4_B0, REQ)                  \
  X(SRC_ADDR_TYPE, SRC_ADDRESS, TYPE, ANY, ANYV, ENUM(hostdev_addr), 0)        \
  X(SRC_ADDR_DOMAIN, SRC_ADDRESS, DOMAIN, ANY, V(PCI), PCI_DOMAIN, 0)          \
  X(SRC_ADDR_BUS, SRC_ADDRESS, BUS, ANY, V(PCI), PCI_BUS, 0)                   \
  X(SRC_ADDR_SLOT, SRC_ADDRESS, SLOT, ANY, V(PCI), PCI_SLOT, 0)                \
  X(SRC_ADDR_FUNCTION, SRC_ADDRESS, FUNCTION, ANY, V(PCI), PCI_FUNCTION, 0)    \
  X(SRC_ADDR_MULTIFUNCTION, SRC_ADDRESS, MULTIFUNCTION, ANY, V(PCI), ONOFF,    \
    DROP)                                                                      \
  X(SRC_ADDR_USBBUS, SRC_ADDRESS, BUS, ANY, V(USB), UINT_B0, 0)                \
  X(SRC_ADDR_USBDEVICE, SRC_ADDRESS, DEVICE, ANY, V(USB), UINT_B0, 0)          \
  X(SRC_IP_ADDRESS, SRC_IP, ADDRESS, ANY, ANYV, IPADDR, REQ)                   \
  X(SRC_IP_FAMILY, SRC_IP, FAMILY, ANY, ANYV, STR, 0)                          \
  X(SRC_IP_PREFIX, SRC_IP, PREFIX, ANY, ANYV, UINT, 0)                         \
  X(SRC_IP_PEER, SRC_IP, PEER, ANY, ANYV, IPADDR, 0)                           \
  X(SRC_ROUTE_FAMILY, SRC_ROUTE, FAMILY, ANY, ANYV, ENUM(ip_family), 0)        \
  X(SRC_ROUTE_ADDRESS, SRC_ROUTE, ADDRESS, ANY, ANYV, IPADDR, REQ)             \
  X(SRC_ROUTE_NETMASK, SRC_ROUTE, NETMASK, ANY, ANYV, IPADDR, 0)               \
  X(SRC_ROUTE_PREFIX, SRC_ROUTE, PREFIX, ANY, ANYV, UINT, 0)                   \
  X(SRC_ROUTE_GATEWAY, SRC_ROUTE, GATEWAY, ANY, ANYV, IPADDR, REQ)             \
  X(SRC_ROUTE_METRIC, SRC_ROUTE, METRIC, ANY, ANYV, POSUINT, 0)                \
  X(VLAN_TRUNK, VLAN, TRUNK, ANY, ANYV, TRUNK, 0)                              \
  X(VLAN_TEXT, VLAN, NONE, ANY, ANYV, VLANID, LEGACY)                          \
  X(TAG_ID, TAG, ID, ANY, ANYV, VLANID, REQ)                                   \
  X(TAG_NATIVEMODE, TAG, NATIVEMODE, ANY, ANYV, ENUM(native_mode), 0)          \
  X(VP_TYPE, VIRTUALPORT, TYPE, ANY, ANYV, VPTYPE, 0)                          \
  X(VP_MANAGERID, VP_PARAMETERS, MANAGERID, ANY, ANYV, VP_U8, 0)               \
  X(VP_TYPEID, VP_PARAMETERS, TYPEID, ANY, ANYV, VP_U24, 0)                    \
  X(VP_TYPEIDVERSION, VP_PARAMETERS, TYPEIDVERSION, ANY, ANYV, VP_U8, 0)       \
  X(VP_INSTANCEID, VP_PARAMETERS, INSTANCEID, ANY, ANYV, UUID, 0)              \
  X(VP_INTERFACEID, VP_PARAMETERS, INTERFACEID, ANY, ANYV, UUID, 0)            \
  X(VP_PROFILEID, VP_PARAMETERS, PROFILEID, ANY, ANYV, PROFILEID, EMPTY)       \
  X(IN_AVERAGE, INBOUND, AVERAGE, ANY, ANYV, BW, 0)                            \
  X(IN_PEAK, INBOUND, PEAK, ANY, ANYV, BW, 0)                                  \
  X(IN_FLOOR, INBOUND, FLOOR, ANY, ANYV, BW, 0)                                \
  X(IN_BURST, INBOUND, BURST, ANY, ANYV, BW, 0)                                \
  X(OUT_AVERAGE, OUTBOUND, AVERAGE, ANY, ANYV, BW, 0)                          \
  X(OUT_PEAK, OUTBOUND, PEAK, ANY, ANYV, BW, 0)                                \
  X(OUT_FLOOR, OUTBOUND, FLOOR, ANY, ANYV, BW, 0)                              \
  X(OUT_BURST, OUTBOUND, BURST, ANY, ANYV, BW, 0)                              \
  X(PORT_ISOLATED, PORT, ISOLATED, ANY, ANYV, YESNO, 0)                        \
  X(IP_ADDRESS, IP, ADDRESS, ANY, ANYV, IPADDR, REQ)                           \
  X(IP_FAMILY, IP, FAMILY, ANY, ANYV, STR, 0)                                  \
  X(IP_PREFIX, IP, PREFIX, ANY, ANYV, UINT, 0)                                 \
  X(IP_PEER, IP, PEER, ANY, ANYV, IPADDR, 0)                                   \
  X(ROUTE_FAMILY, ROUTE, FAMILY, ANY, ANYV, ENUM(ip_family), 0)                \
  X(ROUTE_ADDRESS, ROUTE, ADDRESS, ANY, ANYV, IPADDR, REQ)                     \
  X(ROUTE_NETMASK, ROUTE, NETMASK, ANY, ANYV, IPADDR, 0)                       \
  X(ROUTE_PREFIX, ROUTE, PREFIX, ANY, ANYV, UINT, 0)                           \
  X(ROUTE_GATEWAY, ROUTE, GATEWAY, ANY, ANYV, IPADDR, REQ)                     \
  X(ROUTE_METRIC, ROUTE, METRIC, ANY, ANYV, POSUINT, 0)                        \
  X(PF_PROTO, PORTFORWARD, PROTO, ANY, ANYV, ENUM(pf_proto), REQ)              \
  X(PF_ADDRESS, PORTFORWARD, ADDRESS, ANY, ANYV, IPADDR, 0)                    \
  X(PF_DEV, PORTFORWARD, DEV, ANY, ANYV, STR, 0)                               \
  X(RANGE_START, RANGE, START, ANY, ANYV, POSUINT, 0)                          \
  X(RANGE_END, RANGE, END, ANY, ANYV, POSUINT, 0)                              \
  X(RANGE_TO, RANGE, TO, ANY, ANYV, POSUINT, 0)                                \
  X(RANGE_EXCLUDE, RANGE, EXCLUDE, ANY, ANYV, YESNO, 0)                        \
  X(SCRIPT_PATH, SCRIPT, PATH, ANY, ANYV, STRNE, 0)                            \
  X(DOWNSCRIPT_PATH, DOWNSCRIPT, PATH, ANY, ANYV, STRNE, 0)                    \
  X(BACKENDDOMAIN_NAME, BACKENDDOMAIN, NAME, ANY, ANYV, STRNE, 0)              \
  X(TARGET_DEV, TARGET, DEV, ANY, ANYV, STR, 0)                                \
  X(TARGET_MANAGED, TARGET, MANAGED, ANY, ANYV, YESNO, 0)                      \
  X(GUEST_DEV, GUEST, DEV, ANY, ANYV, STRNE, 0)                                \
  X(GUEST_ACTUAL, GUEST, ACTUAL, ANY, ANYV, STRNE, DROP)                       \
  X(MODEL_TYPE, MODEL, TYPE, ANY, ANYV, MODEL, 0)                              \
  X(DRV_NAME, DRIVER, NAME, ANY, ANYV, ENUM(virtio_driver), 0)                 \
  X(DRV_TXMODE, DRIVER, TXMODE, ANY, ANYV, ENUM(txmode), 0)                    \
  X(DRV_IOEVENTFD, DRIVER, IOEVENTFD, ANY, ANYV, ONOFF, 0)                     \
  X(DRV_EVENT_IDX, DRIVER, EVENT_IDX, ANY, ANYV, ONOFF, 0)                     \
  X(DRV_QUEUES, DRIVER, QUEUES, ANY, ANYV, POSUINT, 0)                         \
  X(DRV_RX_QUEUE_SIZE, DRIVER, RX_QUEUE_SIZE, ANY, ANYV, POSUINT, 0)           \
  X(DRV_TX_QUEUE_SIZE, DRIVER, TX_QUEUE_SIZE, ANY, ANYV, POSUINT, 0)           \
  X(DRV_RSS, DRIVER, RSS, ANY, ANYV, ONOFF, 0)                                 \
  X(DRV_RSS_HASH_REPORT, DRIVER, RSS_HASH_REPORT, ANY, ANYV, ONOFF, 0)         \
  X(DRV_IOMMU, DRIVER, IOMMU, ANY, ANYV, ONOFF, 0)                             \
  X(DRV_ATS, DRIVER, ATS, ANY, ANYV, ONOFF, 0)                                 \
  X(DRV_PACKED, DRIVER, PACKED, ANY, ANYV, ONOFF, 0)                           \
  X(DRV_PAGE_PER_VQ, DRIVER, PAGE_PER_VQ, ANY, ANYV, ONOFF, 0)                 \
  X(HOST_CSUM, DRV_HOST, CSUM, ANY, ANYV, ONOFF, 0)                            \
  X(HOST_GSO, DRV_HOST, GSO, ANY, ANYV, ONOFF, 0)                              \
  X(HOST_TSO4, DRV_HOST, TSO4, ANY, ANYV, ONOFF, 0)                            \
  X(HOST_TSO6, DRV_HOST, TSO6, ANY, ANYV, ONOFF, 0)                            \
  X(HOST_ECN, DRV_HOST, ECN, ANY, ANYV, ONOFF, 0)                              \
  X(HOST_UFO, DRV_HOST, UFO, ANY, ANYV, ONOFF, 0)                              \
  X(HOST_MRG_RXBUF, DRV_HOST, MRG_RXBUF, ANY, ANYV, ONOFF, 0)                  \
  X(GUEST_CSUM, DRV_GUEST, CSUM, ANY, ANYV, ONOFF, 0)                          \
  X(GUEST_TSO4, DRV_GUEST, TSO4, ANY, ANYV, ONOFF, 0)                          \
  X(GUEST_TSO6, DRV_GUEST, TSO6, ANY, ANYV, ONOFF, 0)                          \
  X(GUEST_ECN, DRV_GUEST, ECN, ANY, ANYV, ONOFF, 0)                            \
  X(GUEST_UFO, DRV_GUEST, UFO, ANY, ANYV, ONOFF, 0)                            \
  X(BACKEND_TYPE, BACKEND, TYPE, ANY, ANYV, ENUM(backend_type), 0)             \
  X(BACKEND_TAP, BACKEND, TAP, ANY, ANYV, STR, 0)                              \
  X(BACKEND_VHOST, BACKEND, VHOST, ANY, ANYV, STR, 0)                          \
  X(BACKEND_LOGFILE, BACKEND, LOGFILE, ANY, ANYV, STR, 0)                      \
  X(FILTERREF_FILTER, FILTERREF, FILTER, ANY, ANYV, STR, 0)                    \
  X(FILTERREF_NAME, FILTERREF, NAME, ANY, ANYV, STR, LEGACY)                   \
  X(FPARAM_NAME, FPARAM, NAME, ANY, ANYV, STR, REQ)                            \
  X(FPARAM_VALUE, FPARAM, VALUE, ANY, ANYV, STR, REQ)                          \
  X(SNDBUF_VALUE, SNDBUF, NONE, ANY, ANYV, SNDBUF, 0)                          \
  X(TEAMING_TYPE, TEAMING, TYPE, ANY, ANYV, ENUM(teaming_type), 0)             \
  X(TEAMING_PERSISTENT, TEAMING, PERSISTENT, ANY, ANYV, STR, 0)                \
  X(LINK_STATE, LINK, STATE, ANY, ANYV, LINKSTATE, 0)                          \
  X(MTU_SIZE, MTU, SIZE, ANY, ANYV, MTU, 0)                                    \
  X(CO_FRAMES_MAX, CO_FRAMES, MAX, ANY, ANYV, COALESCE, EMPTY)                 \
  X(BOOT_ORDER, BOOT, ORDER, ANY, ANYV, POSUINT, REQ)                          \
  X(BOOT_LOADPARM, BOOT, LOADPARM, ANY, ANYV, LOADPARM, 0)                     \
  X(ALIAS_NAME, ALIAS, NAME, ANY, ANYV, STRNE, 0)                              \
  X(ROM_ENABLED, ROM, ENABLED, ANY, ANYV, YESNO, 0)                            \
  X(ROM_BAR, ROM, BAR, ANY, ANYV, ONOFF, 0)                                    \
  X(ROM_FILE, ROM, FILE, ANY, ANYV, STR, 0)                                    \
  X(ACPI_INDEX, ACPI, INDEX, ANY, ANYV, POSUINT, 0)                            \
  X(ADDR_TYPE, ADDRESS, TYPE, ANY, ANYV, ENUM(addr_type), REQ)                 \
  X(ADDR_DOMAIN, ADDRESS, DOMAIN, ANY, V(PCI), PCI_DOMAIN, 0)                  \
  X(ADDR_BUS, ADDRESS, BUS, ANY, V(PCI), PCI_BUS, 0)                           \
  X(ADDR_SLOT, ADDRESS, SLOT, ANY, V(PCI), PCI_SLOT, 0)                        \
  X(ADDR_FUNCTION, ADDRESS, FUNCTION, ANY, V(PCI), PCI_FUNCTION, 0)            \
  X(ADDR_MULTIFUNCTION, ADDRESS, MULTIFUNCTION, ANY, V(PCI), ONOFF, 0)         \
  X(ADDR_DRV_CONTROLLER, ADDRESS, CONTROLLER, ANY, V(DRIVE), UINT, 0)          \
  X(ADDR_DRV_BUS, ADDRESS, BUS, ANY, V(DRIVE), UINT, 0)                        \
  X(ADDR_DRV_TARGET, ADDRESS, TARGET, ANY, V(DRIVE), UINT, 0)                  \
  X(ADDR_DRV_UNIT, ADDRESS, UNIT, ANY, V(DRIVE), UINT, 0)                      \
  X(ADDR_VS_CONTROLLER, ADDRESS, CONTROLLER, ANY, V(VIRTIO_SERIAL), UINT, 0)   \
  X(ADDR_VS_BUS, ADDRESS, BUS, ANY, V(VIRTIO_SERIAL), UINT, 0)                 \
  X(ADDR_VS_PORT, ADDRESS, PORT, ANY, V(VIRTIO_SERIAL), UINT, 0)               \
  X(ADDR_CCID_CONTROLLER, ADDRESS, CONTROLLER, ANY, V(CCID), UINT, 0)          \
  X(ADDR_CCID_SLOT, ADDRESS, SLOT, ANY, V(CCID), UINT, 0)                      \
  X(ADDR_USB_BUS, ADDRESS, BUS, ANY, V(USB), UINT, 0)                          \
  X(ADDR_USB_PORT, ADDRESS, PORT, ANY, V(USB), USBPORT, 0)                     \
  X(ADDR_SPAPR_REG, ADDRESS, REG, ANY, V(SPAPR_VIO), HEX8_B16, 0)              \
  X(ADDR_CCW_CSSID, ADDRESS, CSSID, ANY, V(CCW), CCW_CSSID, 0)                 \
  X(ADDR_CCW_SSID, ADDRESS, SSID, ANY, V(CCW), CCW_SSID, 0)                    \
  X(ADDR_CCW_DEVNO, ADDRESS, DEVNO, ANY, V(CCW), CCW_DEVNO, 0)                 \
  X(ADDR_ISA_IOBASE, ADDRESS, IOBASE, ANY, V(ISA), HEX_B16, 0)                 \
  X(ADDR_ISA_IRQ, ADDRESS, IRQ, ANY, V(ISA), HEX_B16, 0)                       \
  X(ADDR_DIMM_SLOT, ADDRESS, SLOT, ANY, V(DIMM), UINT, 0)                      \
  X(ADDR_DIMM_BASE, ADDRESS, BASE, ANY, V(DIMM), HEX_B16, 0)                   \
  X(ZPCI_UID, ZPCI, UID, ANY, ANYV, ZPCI_UID, 0)                               \
  X(ZPCI_FID, ZPCI, FID, ANY, ANYV, ZPCI_FID, 0)

/* ## Generated enums */
#define VIFXML_X_ID_(id, ...) VIFXML_N_##id,
typedef enum { VIFXML_N_NONE = 0, VIFXML_NAMES(VIFXML_X_ID_) VIFXML_N_COUNT } vifxml_name;
#undef VIFXML_X_ID_

#define VIFXML_X_ID_(id, ...) VIFXML_TYPE_##id,
typedef enum { VIFXML_TYPES(VIFXML_X_ID_) VIFXML_TYPE_COUNT } vifxml_type;
#undef VIFXML_X_ID_

#define VIFXML_X_ID_(id, ...) VIFXML_E_##id,
typedef enum { VIFXML_ELEMENTS(VIFXML_X_ID_) VIFXML_E_COUNT } vifxml_elem;
#undef VIFXML_X_ID_

#define VIFXML_X_ID_(id, ...) VIFXML_ADDR_##id,
typedef enum { VIFXML_ADDR_NONE = 0, VIFXML_ADDRS(VIFXML_X_ID_) VIFXML_ADDR_COUNT } vifxml_addr;
#undef VIFXML_X_ID_

#define VIFXML_X_ID_(id, ...) VIFXML_F_##id,
typedef enum { VIFXML_FIELDS(VIFXML_X_ID_) VIFXML_F_COUNT } vifxml_field;
#undef VIFXML_X_ID_

/* The five consolidated kinds (what the VIF map works on), the network
 * reference, pass-through (what libvirt 9.0 itself cannot read, kept
 * verbatim), and one kind for each other type libvirt accepts. Values are
 * fixed: new kinds are appended. */
typedef enum {
  VIFXML_KIND_BRIDGE = 0,
  VIFXML_KIND_GENERIC = 1,
  VIFXML_KIND_VHOSTUSER = 2,
  VIFXML_KIND_PCI_ASSIGNED = 3,
  VIFXML_KIND_DIRECT = 4,
  VIFXML_KIND_NETWORK = 5,
  VIFXML_KIND_OPAQUE = 6,
  VIFXML_KIND_USER = 7,
  VIFXML_KIND_SERVER = 8,
  VIFXML_KIND_CLIENT = 9,
  VIFXML_KIND_MCAST = 10,
  VIFXML_KIND_UDP = 11,
  VIFXML_KIND_INTERNAL = 12,
  VIFXML_KIND_VDPA = 13,
  VIFXML_KIND_NULL = 14,
  VIFXML_KIND_VDS = 15,
  VIFXML_KIND_COUNT
} vifxml_kind;

/* ## Allocation */
typedef struct vifxml_allocator {
  void *(*malloc)(size_t size, void *ctx);
  void *(*realloc)(void *ptr, size_t size, void *ctx);
  void (*free)(void *ptr, void *ctx);
  void *ctx;
} vifxml_allocator;

typedef struct vifxml_arena vifxml_arena;

/* Creates an arena; NULL allocator means the C library's. NULL on failure. */
VIFXML_API vifxml_arena *vifxml_arena_new(const vifxml_allocator *alloc);
/* Frees everything allocated from the arena; keeps its first block. */
VIFXML_API void vifxml_arena_reset(vifxml_arena *arena);
VIFXML_API void vifxml_arena_free(vifxml_arena *arena);

/* ## Errors
 * Every function that takes a vifxml_error *err accepts NULL there: it then
 * fails the same way (-1) without describing the failure. */
typedef struct vifxml_error {
  char file[256];       /* as given by the caller ("<stdin>" for stdin) */
  unsigned long line;   /* 1-based; 0 when the error has no location */
  unsigned long column; /* 1-based */
  char message[512];    /* libvirt's wording where libvirt has one */
} vifxml_error;

typedef enum { VIFXML_DIAG_WARNING, VIFXML_DIAG_NOTE } vifxml_diag_level;

/* A warning or note: what was kept verbatim, passed through or dropped. */
typedef void (*vifxml_diag_fn)(void *ctx, vifxml_diag_level level,
                               const vifxml_error *where);

/* ## The IR: one interface. Plain data. */

/* One repeated element (<ip>, <route>, <tag>, filter <parameter>,
 * <portForward>, <range>): its element, the index of the item it sits in
 * (-1 when its parent is not a list), its location and its values, indexed
 * by field - vifxml_elem_first_field(elem). */
typedef struct vifxml_item {
  vifxml_elem elem;
  int parent;
  unsigned long line, column;
  const char *v[8];
} vifxml_item;

/* What the parser kept verbatim or must place around known content. */
typedef enum {
  VIFXML_EXTRA_ATTR,    /* unknown attribute on (elem, item): name="value" */
  VIFXML_EXTRA_ELEMENT, /* unknown child of (elem, item): raw bytes */
  VIFXML_EXTRA_COMMENT  /* comment before child (elem, item), or at the end of
                           its parent when elem is VIFXML_E_COUNT */
} vifxml_extra_kind;

typedef struct vifxml_extra {
  vifxml_extra_kind kind;
  vifxml_elem elem; /* element it belongs to (attr), sits in (element), or
                       precedes (comment) */
  int item;         /* item index when elem is a list element, else -1 */
  vifxml_elem end_of; /* comment at the end: the parent element; else COUNT */
  const char *name; /* attribute name */
  const char *text; /* attribute value, raw element bytes, comment text */
} vifxml_extra;

typedef struct vifxml_iface {
  vifxml_type type;
  vifxml_kind kind;
  unsigned long line, column;        /* the <interface> start tag */
  const char *f[VIFXML_F_COUNT];     /* canonical values; NULL = absent */
  unsigned char present[VIFXML_E_COUNT]; /* singleton element given */
  unsigned long eline[VIFXML_E_COUNT], ecol[VIFXML_E_COUNT];
  vifxml_item *items;
  size_t nitems;
  vifxml_extra *extras;
  size_t nextras;
  unsigned legacy; /* legacy spellings the parser rewrote */
  const char *raw; /* OPAQUE: the interface's bytes, verbatim */
  size_t rawlen;
  vifxml_arena *arena; /* where the strings above live */
} vifxml_iface;

/* ## Schema look-ups */
VIFXML_API const char *vifxml_name_str(vifxml_name n);
VIFXML_API const char *vifxml_type_str(vifxml_type t);
VIFXML_API vifxml_kind vifxml_type_kind(vifxml_type t);
VIFXML_API const char *vifxml_kind_str(vifxml_kind k);
VIFXML_API const char *vifxml_elem_name(vifxml_elem e);
VIFXML_API const char *vifxml_field_name(vifxml_field f);
VIFXML_API vifxml_elem vifxml_field_elem(vifxml_field f);
VIFXML_API vifxml_field vifxml_elem_first_field(vifxml_elem e);
VIFXML_API int vifxml_elem_is_list(vifxml_elem e);

/* ## Building and inspecting an IR */

/* An empty interface of the given type whose strings live in arena. */
VIFXML_API int vifxml_iface_init(vifxml_iface *iface, vifxml_arena *arena,
                                 vifxml_type type);
/* Sets a singleton field from text, with the same syntax checks and
 * canonical spelling as the XML parser; marks its element present. A NULL
 * value clears the field. */
VIFXML_API int vifxml_iface_set(vifxml_iface *iface, vifxml_field f,
                                const char *value, vifxml_error *err);
/* Appends an item of a list element under parent item (-1: none) and sets
 * its fields from a list of (field, value) pairs ended by a negative field;
 * a NULL value leaves its field absent. Returns the item's index, or -1.
 * The items array grows in the interface's arena; it must be one that the
 * library made (parse, vifxml_iface_init, vifxml_iface_copy, earlier
 * calls), as the room it has is implied by nitems. */
VIFXML_API int vifxml_iface_add_item(vifxml_iface *iface, vifxml_elem elem,
                                     int parent, vifxml_error *err, ...);
/* Applies libvirt's checks and normalizations (defaults, drops, legacy
 * rewrites); the parser calls it at each </interface>. */
VIFXML_API int vifxml_iface_finish(vifxml_iface *iface, vifxml_error *err,
                                   vifxml_diag_fn diag, void *diag_ctx);
/* Deep copy into another arena: shares nothing with src, and items can be
 * added to the copy (vifxml_iface_add_item) as to a parsed interface. */
VIFXML_API int vifxml_iface_copy(vifxml_iface *dst, const vifxml_iface *src,
                                 vifxml_arena *arena);
/* 0 when equal; else the first field or element that differs is described
 * in why (may be NULL). */
VIFXML_API int vifxml_iface_compare(const vifxml_iface *a,
                                    const vifxml_iface *b, char *why,
                                    size_t whylen);
/* The round trip `vifxml roundtrip` checks: the canonical form parses
 * back (as a guest's, inside <devices>) to an IR equal to iface, and
 * writing that gives the same bytes (normalizing is a fixed point). 0 when
 * it holds; -1 with what broke in why (may be NULL). */
VIFXML_API int vifxml_iface_roundtrip(const vifxml_iface *iface, char *why,
                                      size_t whylen);

/* ## Writing */
typedef int (*vifxml_write_fn)(void *ctx, const char *buf, size_t len);

/* Writes the canonical form. The first line is not indented (the caller
 * already wrote what precedes the start tag); later lines start with
 * indent. OPAQUE interfaces are written verbatim. */
VIFXML_API int vifxml_write_iface(const vifxml_iface *iface,
                                  const char *indent, vifxml_write_fn write,
                                  void *ctx);

/* ## Streaming: documents in, the same documents with normalized
 * interfaces out. */
typedef struct vifxml_stream vifxml_stream;

/* Called for each interface instead of writing it; it may write through
 * vifxml_stream_emit. Return -1 and fill err to fail the document. */
typedef int (*vifxml_iface_fn)(void *ctx, vifxml_stream *s,
                               vifxml_iface *iface, const char *indent,
                               vifxml_error *err);

typedef struct vifxml_stream_options {
  const char *filename;        /* for messages; NULL: "<stdin>" */
  vifxml_write_fn write;       /* output; NULL discards */
  void *write_ctx;
  vifxml_iface_fn on_iface;    /* NULL: write the canonical form */
  void *iface_ctx;
  vifxml_diag_fn on_diag;      /* NULL: ignore warnings and notes */
  void *diag_ctx;
  const vifxml_allocator *alloc;
  size_t hold;                 /* output held back before the first write,
                                  so that a bad input yields none; at least
                                  VIFXML_LIMIT_HOLD */
  int explain;                 /* a note (to on_diag) naming the rule of
                                  each rewrite: "MAC lower-cased", "legacy
                                  <portprofile> renamed to <virtualport>" */
} vifxml_stream_options;

VIFXML_API vifxml_stream *vifxml_stream_new(const vifxml_stream_options *opt);
/* Starts a new input (resets position, error and output). */
VIFXML_API void vifxml_stream_restart(vifxml_stream *s, const char *filename);
VIFXML_API int vifxml_stream_feed(vifxml_stream *s, const char *buf,
                                  size_t len);
/* Ends the input: checks it is complete and writes what is held. */
VIFXML_API int vifxml_stream_finish(vifxml_stream *s);
VIFXML_API const vifxml_error *vifxml_stream_error(const vifxml_stream *s);
/* Writes bytes to the output from inside an on_iface callback. */
VIFXML_API int vifxml_stream_emit(vifxml_stream *s, const char *buf,
                                  size_t len);
/* Writes an interface's canonical form from inside an on_iface callback,
 * where the stream would have written it: indented as the interface it
 * replaces, with the input's line ends (CRLF when the input's first line
 * ends so). */
VIFXML_API int vifxml_stream_write_iface(vifxml_stream *s,
                                         const vifxml_iface *iface);
/* Reports a warning or note from inside an on_iface callback (stream is the
 * vifxml_stream; a vifxml_diag_fn). Like the stream's own, it is held until
 * the unit has parsed and dropped if the unit fails; an empty file name
 * becomes the input's. */
VIFXML_API void vifxml_stream_diag(void *stream, vifxml_diag_level level,
                                   const vifxml_error *d);
/* Inside an on_iface callback: the text of the <name> child of the
 * <domain> that holds the interface (the first such child); NULL outside a
 * domain, or when the domain's <name> comes after the interface. Valid
 * until the callback returns. */
VIFXML_API const char *vifxml_stream_domain(const vifxml_stream *s);
/* Counters for the input so far. */
typedef struct vifxml_stats {
  unsigned long units, domains, interfaces, by_kind[VIFXML_KIND_COUNT];
  unsigned long legacy; /* legacy spellings rewritten */
  unsigned long long bytes;
} vifxml_stats;
VIFXML_API const vifxml_stats *vifxml_stream_stats(const vifxml_stream *s);
VIFXML_API void vifxml_stream_free(vifxml_stream *s);

/* Parses one buffer holding one interface (or a document with interfaces)
 * and copies the first interface into arena. As in the stream, a lone
 * <interface> with a name attribute or <start>, <protocol>, <bond> or
 * <bridge> children is a host interface definition, not a guest's (an
 * error here): to read a guest interface with such unknown children, put
 * it in <devices>. */
VIFXML_API int vifxml_parse_one(const char *buf, size_t len,
                                const char *filename, vifxml_arena *arena,
                                vifxml_iface *out, vifxml_error *err);

/* ## Nova VIFs: Nova VIF type <-> IR, both directions (lib/vif.c,
 * lib/vif_json.c; docs/vif.md)
 * A VIF is one element of an instance's network_info, as Neutron and Nova
 * build it. One table of VIF types drives both directions and the list of
 * candidate types. The profile names the Nova whose XML is meant: today's
 * (`current`) or Liberty's (2015, `liberty`). */
typedef enum {
  VIFXML_PROFILE_CURRENT,
  VIFXML_PROFILE_LIBERTY,
  VIFXML_PROFILE_COUNT
} vifxml_profile;

/* Every VIF key vifxml reads or writes: X(ID, PATH, JSON). PATH is the
 * key's place in Nova's VIF dict, '.' separating nested objects. Two
 * objects are vifxml's own: `frontend` holds what Nova takes from the image,
 * the flavor and nova.conf rather than from the VIF (the model, the virtio
 * driver settings, the flavor's quota:vif_* extra specs under their own
 * names), and `host` holds the compute host's facts that the XML shows (a
 * VF's network device, a vDPA device path). JSON: STR a string, BOOL true or
 * false, UINT a non-negative integer or a string of digits, VLAN a string or
 * an integer (Nova tells "0" from 0). Any key may be null. */
#define VIFXML_VIF_KEYS(X)                                                     \
  X(ID, "id", STR)                                                             \
  X(ADDRESS, "address", STR)                                                   \
  X(TYPE, "type", STR)                                                         \
  X(VNIC_TYPE, "vnic_type", STR)                                               \
  X(DEVNAME, "devname", STR)                                                   \
  X(OVS_INTERFACEID, "ovs_interfaceid", STR)                                   \
  X(DELEGATE_CREATE, "delegate_create", BOOL)                                  \
  X(PORT_FILTER, "details.port_filter", BOOL)                                  \
  X(OVS_HYBRID_PLUG, "details.ovs_hybrid_plug", BOOL)                          \
  X(OVS_CREATE_TAP, "details.ovs_create_tap", BOOL)                            \
  X(VHOSTUSER_SOCKET, "details.vhostuser_socket", STR)                         \
  X(VHOSTUSER_MODE, "details.vhostuser_mode", STR)                             \
  X(VHOSTUSER_OVS_PLUG, "details.vhostuser_ovs_plug", BOOL)                    \
  X(VHOSTUSER_FP_PLUG, "details.vhostuser_fp_plug", BOOL)                      \
  X(PROFILEID, "details.profileid", STR)                                       \
  X(VLAN, "details.vlan", VLAN)                                                \
  X(MACVTAP_SOURCE, "details.macvtap_source", STR)                             \
  X(MACVTAP_MODE, "details.macvtap_mode", STR)                                 \
  X(PHYSICAL_INTERFACE, "details.physical_interface", STR)                     \
  X(PCI_SLOT, "profile.pci_slot", STR)                                         \
  X(NET_BRIDGE, "network.bridge", STR)                                         \
  X(NET_INTERFACE, "network.meta.interface", STR)                              \
  X(NET_MTU, "network.meta.mtu", UINT)                                         \
  X(QBG_MANAGERID, "qbg_params.managerid", UINT)                               \
  X(QBG_TYPEID, "qbg_params.typeid", UINT)                                     \
  X(QBG_TYPEIDVERSION, "qbg_params.typeidversion", UINT)                       \
  X(QBG_INSTANCEID, "qbg_params.instanceid", STR)                              \
  X(MODEL, "frontend.model", STR)                                              \
  X(DRIVER, "frontend.driver", STR)                                            \
  X(QUEUES, "frontend.queues", UINT)                                           \
  X(RX_QUEUE_SIZE, "frontend.rx_queue_size", UINT)                             \
  X(TX_QUEUE_SIZE, "frontend.tx_queue_size", UINT)                             \
  X(IN_AVERAGE, "frontend.quota:vif_inbound_average", UINT)                    \
  X(IN_PEAK, "frontend.quota:vif_inbound_peak", UINT)                          \
  X(IN_BURST, "frontend.quota:vif_inbound_burst", UINT)                        \
  X(OUT_AVERAGE, "frontend.quota:vif_outbound_average", UINT)                  \
  X(OUT_PEAK, "frontend.quota:vif_outbound_peak", UINT)                        \
  X(OUT_BURST, "frontend.quota:vif_outbound_burst", UINT)                      \
  X(HOST_NETDEV, "host.netdev", STR)                                           \
  X(HOST_VDPA_DEV, "host.vdpa_dev", STR)

#define VIFXML_X_ID_(id, ...) VIFXML_VK_##id,
typedef enum { VIFXML_VIF_KEYS(VIFXML_X_ID_) VIFXML_VK_COUNT } vifxml_vif_key;
#undef VIFXML_X_ID_

/* What a VIF key holds. UNKNOWN is what to-vif says of a key Nova needs
 * and the XML does not hold. */
typedef enum {
  VIFXML_VV_ABSENT = 0,
  VIFXML_VV_NULL,
  VIFXML_VV_STRING,
  VIFXML_VV_NUMBER, /* text: decimal digits */
  VIFXML_VV_BOOL,   /* text: "true" or "false" */
  VIFXML_VV_UNKNOWN
} vifxml_vif_value;

#define VIFXML_VIF_MAX_CANDIDATES 8

/* One VIF, plain data; strings live in an arena. */
typedef struct vifxml_vif {
  const char *v[VIFXML_VK_COUNT];      /* text of STRING, NUMBER, BOOL */
  unsigned char kind[VIFXML_VK_COUNT]; /* vifxml_vif_value */
  unsigned long line, column;          /* JSON input: where the VIF's object
                                          (or its array) starts */
  unsigned long index;                 /* JSON input: 1-based position */
  /* Classification (vifxml_vif_from_iface): every VIF type that could have
   * written the XML, best first; v[TYPE] is the first. note says what the
   * XML cannot tell (several candidates), or why there is none. */
  const char *candidates[VIFXML_VIF_MAX_CANDIDATES];
  size_t ncandidates;
  const char *note;
} vifxml_vif;

/* A compute-host fact given by the caller: the network device name of a VF,
 * or the vDPA device path (/dev/vhost-vdpa-N), for a PCI slot
 * ("0000:0a:00.1"; the domain may be omitted). */
typedef struct vifxml_host_fact {
  const char *pci_slot;
  const char *value;
} vifxml_host_fact;

typedef struct vifxml_vif_options {
  vifxml_profile profile;
  const vifxml_host_fact *netdevs; /* VF network devices (802.1qbh, hw_veb) */
  size_t nnetdevs;
  const vifxml_host_fact *vdpa_devs; /* vDPA device paths (vnic vdpa) */
  size_t nvdpa_devs;
  /* Where to look up the facts not given: the root of a sysfs ("/sys" on
   * the compute host). NULL: never read the host; a fact that is needed and
   * not given is then an error naming the PCI slot. */
  const char *sysfs;
  /* liberty only: Liberty's own firewall (a firewall_driver other than
   * Noop) with this instance name ("instance-0000002a"): ports without
   * port_filter get the qbr form and filterref
   * nova-instance-NAME-MAC. NULL: NoopFirewallDriver, as with Neutron. */
  const char *firewall_instance;
  vifxml_diag_fn diag; /* warnings from checking the interface; may be NULL */
  void *diag_ctx;
} vifxml_vif_options;

/* The key's path ("details.vlan"); NULL when out of range. */
VIFXML_API const char *vifxml_vif_key_path(vifxml_vif_key k);
/* "current" or "liberty"; -1 for anything else. */
VIFXML_API int vifxml_profile_lookup(const char *name, vifxml_profile *out);

/* Builds the interface that the profile's Nova writes for the VIF, checked
 * and normalized (vifxml_iface_finish) and ready for vifxml_write_iface. A
 * vDPA port gives a VDPA interface (mac, source dev). Strings live
 * in arena. On failure err names the VIF (id, or position) and the key,
 * with the VIF's line and column and no file. */
VIFXML_API int vifxml_vif_to_iface(const vifxml_vif *vif,
                                   const vifxml_vif_options *opt,
                                   vifxml_arena *arena, vifxml_iface *out,
                                   vifxml_error *err);
/* Classifies a (finished) interface: fills out with the candidates and the
 * VIF as Neutron builds it today for the best one (delegate_create true);
 * with no candidate, v[TYPE] is absent and note says why. Strings live in
 * arena. -1 when out of memory or for an unknown profile. */
VIFXML_API int vifxml_vif_from_iface(const vifxml_iface *iface,
                                     vifxml_profile profile,
                                     vifxml_arena *arena, vifxml_vif *out,
                                     vifxml_error *err);

/* Called for each VIF read; the VIF's strings live in the arena given to
 * vifxml_vif_from_json, which the callback may reset once it is done with
 * them. Return -1 and fill err to stop. */
typedef int (*vifxml_vif_fn)(void *ctx, const vifxml_vif *vif,
                             vifxml_error *err);
/* Reads VIF JSON with jansson: one object, an array of objects (an
 * instance's network_info), or a sequence of them (JSON lines). Keys are
 * read by VIFXML_VIF_KEYS; other keys are ignored. Errors carry jansson's
 * line, column and text, or for a VIF-level problem the VIF's position,
 * its id and the key; no file. */
VIFXML_API int vifxml_vif_from_json(const char *buf, size_t len,
                                    vifxml_arena *arena, vifxml_vif_fn each,
                                    void *ctx, vifxml_error *err);
/* One line of JSON (no newline) in arena: the VIF's keys nested by path,
 * then `candidates`, `note` and `unknown` (the paths whose value is
 * UNKNOWN) when classified. NULL when out of memory. */
VIFXML_API const char *vifxml_vif_to_json(const vifxml_vif *vif,
                                          vifxml_arena *arena);
/* The same line with "origin": {"file", "line", "column", "domain"} last:
 * where the interface was read (its start tag) and its domain's name
 * (left out when domain is NULL). file NULL is "<stdin>", as the stream
 * names it; bytes of file that are not UTF-8 become U+FFFD. */
VIFXML_API const char *vifxml_vif_to_json_origin(const vifxml_vif *vif,
                                                 const char *file,
                                                 unsigned long line,
                                                 unsigned long column,
                                                 const char *domain,
                                                 vifxml_arena *arena);

/* A flavor's bandwidth. Nova renders <bandwidth> from the flavor's
 * quota:vif_{inbound,outbound}_{average,peak,burst} extra specs, which a VIF
 * does not carry: read them from a JSON object of extra specs, or from a
 * whole `openstack flavor show -f json` (its "properties"), then put them
 * on each VIF (they replace its frontend quota keys). */
typedef struct vifxml_flavor {
  const char *quota[6]; /* in that order; NULL: not set */
} vifxml_flavor;
VIFXML_API int vifxml_flavor_from_json(const char *buf, size_t len,
                                       const char *filename,
                                       vifxml_arena *arena,
                                       vifxml_flavor *out, vifxml_error *err);
VIFXML_API void vifxml_vif_set_flavor(vifxml_vif *vif,
                                      const vifxml_flavor *flavor);

/* ## Network resolution (docs/resolve.md)
 * A handle holds <network> definitions and the allocation state of one run,
 * as libvirt's network driver holds them: how many ports use each device of
 * a forward pool, and the inbound floors plugged into each network. It
 * never reads the host. */
typedef struct vifxml_networks vifxml_networks;

/* NULL allocator means the C library's. NULL on failure. */
VIFXML_API vifxml_networks *vifxml_networks_new(const vifxml_allocator *alloc);
VIFXML_API void vifxml_networks_free(vifxml_networks *nets);

/* Adds the <network> definitions in buf (one or more top-level elements),
 * with libvirt's parse and define-time checks and messages; a name already
 * defined is an error. All or nothing: on error, none of buf's definitions
 * is added and err holds filename:line:column. */
VIFXML_API int vifxml_networks_add(vifxml_networks *nets, const char *buf,
                                   size_t len, const char *filename,
                                   vifxml_error *err);

/* Turns an interface of kind NETWORK into the bridge, direct or hostdev
 * interface the network driver would attach for it (portgroup, virtualport
 * merge, vlan, bandwidth, trustGuestRxFilters and port isolation as libvirt
 * resolves them; a device from the network's pool), then applies
 * vifxml_iface_finish. The device and floor are counted against later
 * calls. Other kinds are left alone. On error (libvirt's refusal, located
 * at the interface) nothing is counted and the interface may be half
 * changed. */
VIFXML_API int vifxml_networks_resolve(vifxml_networks *nets,
                                       vifxml_iface *iface, vifxml_error *err,
                                       vifxml_diag_fn diag, void *diag_ctx);

/* Keeps the allocations made since the last commit, or gives them back
 * (as libvirt releases the ports of a domain that failed to start). */
VIFXML_API void vifxml_networks_commit(vifxml_networks *nets);
VIFXML_API void vifxml_networks_rollback(vifxml_networks *nets);

/* ## Migration (lib/migrate.c; docs/migrate.md)
 * Re-points interfaces at new ports or backends, as Nova's live migration
 * does (_update_vif_xml) but keeping the guest side whole: the host side is
 * what vifxml_vif_to_iface renders for the destination VIF, the guest side
 * (mac, model, virtio driver options, address, alias, boot, rom, link, acpi,
 * coalesce, guest, teaming) is the source's; <mtu> only where the source had
 * one, with the destination's value; <bandwidth> from the flavor's specs
 * when given, else the source's. The destination VIF is the --vif VIF with
 * the interface's MAC (case-insensitive), else (with rules or a from
 * profile) the VIF inferred from the XML as vifxml_vif_from_iface infers it,
 * with the first matching rule's keys set. A handle is read-only once set
 * up: vifxml_migrate_iface may run in several threads at once. */
typedef struct vifxml_migrate vifxml_migrate;

typedef struct vifxml_migrate_options {
  vifxml_vif_options vif; /* the destination: profile and host facts (its
                             diag is not used) */
  int from_profile;       /* vifxml_profile in which to infer the VIF of
                             every interface no VIF matches; -1: infer only
                             for interfaces a rule selects (in today's
                             profile, else Liberty's) */
  const char *vif_type;   /* inferring: this candidate, not the first */
  int strict;             /* an interface no --vif VIF matches is an error */
  int explain;            /* a note naming the rule of each rewrite */
} vifxml_migrate_options;

typedef enum {
  VIFXML_MIGRATE_LEFT = 0,     /* left as it was */
  VIFXML_MIGRATE_MIGRATED = 1, /* rebuilt for the destination VIF */
  VIFXML_MIGRATE_RENAMED = 2   /* only renamed by maps */
} vifxml_migrate_outcome;

/* What happened to one interface; strings live in the arena given to
 * vifxml_migrate_iface. Items are "<elem attr='value'>"; a change is
 * "OLD -> NEW". */
typedef struct vifxml_migrate_result {
  vifxml_migrate_outcome outcome;
  const char *from_vif, *to_vif;     /* VIF types (NULL: none known) */
  const char *from_iface, *to_iface; /* interface types */
  const char *from_kind, *to_kind;   /* their kinds (vifxml_kind_str) */
  const char **kept, **changed, **dropped, **added;
  size_t nkept, nchanged, ndropped, nadded;
} vifxml_migrate_result;

/* NULL options: nothing but what is added below. NULL on failure. */
VIFXML_API vifxml_migrate *vifxml_migrate_new(const vifxml_migrate_options *opt,
                                              const vifxml_allocator *alloc);
VIFXML_API void vifxml_migrate_free(vifxml_migrate *m);
/* Adds the VIFs of network_info JSON (as vifxml_vif_from_json reads it);
 * two VIFs with one MAC are an error. Errors carry filename:line:column. */
VIFXML_API int vifxml_migrate_add_vifs(vifxml_migrate *m, const char *buf,
                                       size_t len, const char *filename,
                                       vifxml_error *err);
VIFXML_API size_t vifxml_migrate_vif_count(const vifxml_migrate *m);
/* "bridge:OLD=NEW", "network:OLD=NEW" or "portgroup:OLD=NEW". */
VIFXML_API int vifxml_migrate_add_map(vifxml_migrate *m, const char *spec,
                                      vifxml_error *err);
/* One rule: every "SEL=GLOB" must match (type, mac, source.bridge,
 * source.network, source.portgroup, source.dev, target.dev, model, or
 * vif.KEY of the inferred VIF); then each "KEY=VALUE" (a VIF key path,
 * VALUE typed as the key is; null clears it) is set. Rules are tried in
 * the order added; the first that matches wins. */
VIFXML_API int vifxml_migrate_add_rule(vifxml_migrate *m,
                                       const char *const *match, size_t nmatch,
                                       const char *const *set, size_t nset,
                                       vifxml_error *err);
/* A JSON list of {"match": {SEL: GLOB...}, "set": {KEY: VALUE...}}. */
VIFXML_API int vifxml_migrate_add_rules(vifxml_migrate *m, const char *buf,
                                        size_t len, const char *filename,
                                        vifxml_error *err);
/* The flavor's extra specs (a JSON object, or a flavor with "properties"):
 * its quota:vif_* specs replace every VIF's and the source's bandwidth. */
VIFXML_API int vifxml_migrate_set_flavor(vifxml_migrate *m, const char *buf,
                                         size_t len, const char *filename,
                                         vifxml_error *err);
/* Migrates one finished interface into out (strings in arena). Warnings
 * (each host-side item dropped or changed, at the place it was) and notes
 * go to diag with no file name. On error (a VIF that cannot be rendered,
 * a refused move), err is located at the interface. */
VIFXML_API int vifxml_migrate_iface(const vifxml_migrate *m,
                                    const vifxml_iface *src,
                                    vifxml_arena *arena, vifxml_iface *out,
                                    vifxml_migrate_result *res,
                                    vifxml_error *err, vifxml_diag_fn diag,
                                    void *diag_ctx);
/* One line of JSON (no newline) in arena: file, domain, mac, outcome, from,
 * to ({vif_type, interface, kind}), kept, changed, dropped, added. */
VIFXML_API const char *vifxml_migrate_result_json(
    const vifxml_migrate_result *r, const char *file, const char *domain,
    const char *mac, vifxml_arena *arena);

/* ## Lint (lib/lint.c; docs/lint.md)
 * What libvirt 9.0's qemu driver (and qemu under it) will refuse at define
 * and at start, per interface, per domain and across all inputs of a run
 * (the fleet), with the location of each problem. One table of checks
 * drives the linter, docs/lint.md and the SARIF rules. */
typedef struct vifxml_lint vifxml_lint;

typedef enum {
  VIFXML_LINT_ERROR = 0,   /* libvirt 9.0 refuses the domain */
  VIFXML_LINT_WARNING = 1, /* may fail, depending on the host or version */
  VIFXML_LINT_NOTE = 2
} vifxml_lint_severity;

typedef enum {
  VIFXML_LINT_DEFINE = 0, /* refused by virsh define */
  VIFXML_LINT_START = 1   /* defined, refused by virsh start */
} vifxml_lint_phase;

typedef enum {
  VIFXML_HV_AUTO = 0, /* from <domain type=...>; qemu for a lone interface */
  VIFXML_HV_QEMU = 1,
  VIFXML_HV_XEN = 2,
  VIFXML_HV_LXC = 3
} vifxml_hypervisor;

/* One row of the check table. */
typedef struct vifxml_lint_check {
  const char *id;       /* "mtu-type" */
  vifxml_lint_severity severity;
  vifxml_lint_phase phase;
  const char *scope;    /* "input", "interface", "domain" or "fleet" */
  const char *source;   /* the libvirt (or qemu) function that refuses */
  const char *message;  /* its message, printf-style (%s placeholders) */
  const char *help;     /* why, and what to do */
  const char *hypervisors; /* "all" or "qemu" */
  unsigned since;       /* libvirt version it applies from (0: always) */
} vifxml_lint_check;

VIFXML_API size_t vifxml_lint_ncheck(void);
/* The i-th check (0-based); NULL past the end. */
VIFXML_API const vifxml_lint_check *vifxml_lint_check_at(size_t i);

/* One finding; the strings live until the callback returns. */
typedef struct vifxml_lint_finding {
  const char *file;
  unsigned long line, column; /* 1-based */
  vifxml_lint_severity severity;
  vifxml_lint_phase phase;
  const char *check;   /* the check's id */
  const char *message;
} vifxml_lint_finding;

typedef void (*vifxml_lint_fn)(void *ctx, const vifxml_lint_finding *f);

typedef struct vifxml_lint_options {
  vifxml_hypervisor hypervisor;
  unsigned libvirt;    /* major*1000000+minor*1000+micro; 0 means 9.0.0 */
  vifxml_lint_fn report;
  void *report_ctx;
  const vifxml_allocator *alloc;
} vifxml_lint_options;

/* NULL on failure. */
VIFXML_API vifxml_lint *vifxml_lint_new(const vifxml_lint_options *opt);
/* Lints one input (a whole file: domains, lone interfaces, a root wrapping
 * many domains) and reports its findings in position order. The fleet
 * state (MACs, host PCI devices, vhost-user server sockets, tap names of
 * each domain) is kept for vifxml_lint_finish. 0: read (findings may have
 * been reported); -1: the input does not parse (the finding `parse` was
 * reported; nothing of it is checked or kept); -2: out of memory. */
VIFXML_API int vifxml_lint_input(vifxml_lint *l, const char *buf, size_t len,
                                 const char *filename);
/* The same in pieces, for an input of any size in bounded memory: begin
 * (0, or -2 when out of memory), feed its bytes in pieces of any size (0;
 * -1 or -2 once the input has failed: feeding more is useless), end (what
 * vifxml_lint_input returns; the findings are reported then). Memory grows
 * with the largest domain, the findings of the input and the fleet state,
 * not with the input. Beginning an input drops one begun and not ended;
 * feed and end with no input begun return -2. */
VIFXML_API int vifxml_lint_begin(vifxml_lint *l, const char *filename);
VIFXML_API int vifxml_lint_feed(vifxml_lint *l, const char *buf, size_t len);
VIFXML_API int vifxml_lint_end(vifxml_lint *l);
/* Drops the input begun, as if it had not been given (a read error): none
 * of its findings is reported, none of its fleet state kept. */
VIFXML_API void vifxml_lint_drop(vifxml_lint *l);
/* Reports the fleet findings across all inputs so far, at each place, and
 * forgets them; an input begun and not ended is dropped first. -1 when out
 * of memory. */
VIFXML_API int vifxml_lint_finish(vifxml_lint *l);
VIFXML_API void vifxml_lint_free(vifxml_lint *l);
/* "9.5" or "9.5.0" -> 9005000; -1 when malformed. */
VIFXML_API int vifxml_lint_version_parse(const char *s, unsigned *out);
/* "auto", "qemu", "xen", "lxc"; -1 for anything else. */
VIFXML_API int vifxml_hypervisor_lookup(const char *name,
                                        vifxml_hypervisor *out);

/* ## Limits (all in one place). Exceeding one is an error with a location. */
#define VIFXML_LIMIT_DEPTH 256               /* open elements */
#define VIFXML_LIMIT_IFACE_BYTES (1u << 20)  /* one <interface> */
#define VIFXML_LIMIT_PENDING_BYTES (1u << 20) /* bytes without a tag */
#define VIFXML_LIMIT_ITEMS 1024              /* list items per interface */
#define VIFXML_LIMIT_EXTRAS 1024             /* kept unknowns per interface */
#define VIFXML_LIMIT_HOLD (1u << 20)         /* output held before writing */
#define VIFXML_LIMIT_AMPLIFICATION 20.0f     /* expat billion-laughs guard */

VIFXML_API const char *vifxml_version(void);
VIFXML_API unsigned vifxml_version_hex(void);

#ifdef __cplusplus
}
#endif
#endif
