/* vifxml's schema: the X-macro tables that declare every XML name,
 * interface type, element and attribute once, and the enums generated from
 * them. Included by vifxml.h, which documents how to use them; a client
 * includes vifxml.h.
 *
 * The columns after an identifier and its value are only meaningful inside
 * the library (lib/schema.c expands them for the parser, the writer, the
 * VIF mapper and the linter); a client uses the generated enums and the
 * look-ups in vifxml.h. */
#ifndef VIFXML_SCHEMA_H
#define VIFXML_SCHEMA_H

/* ## Names: X(ID, VALUE, spelling), every element and attribute name,
 * exactly once. VALUE is the enumerator's fixed value in every table (see
 * "## Generated enums"). */
#define VIFXML_NAMES(X)                                                        \
  X(ACPI, 1, "acpi") X(ACTUAL, 2, "actual") X(ADDRESS, 3, "address")           \
  X(ALIAS, 4, "alias") X(ATS, 5, "ats") X(AVERAGE, 6, "average")               \
  X(BACKEND, 7, "backend") X(BACKENDDOMAIN, 8, "backenddomain")                \
  X(BANDWIDTH, 9, "bandwidth") X(BAR, 10, "bar") X(BASE, 11, "base")           \
  X(BOOT, 12, "boot") X(BRIDGE, 13, "bridge") X(BURST, 14, "burst")            \
  X(BUS, 15, "bus") X(CHECK, 16, "check") X(COALESCE, 17, "coalesce")          \
  X(CONNECTIONID, 18, "connectionid") X(CONTROLLER, 19, "controller")          \
  X(CSSID, 20, "cssid") X(CSUM, 21, "csum") X(DEV, 22, "dev")                  \
  X(DEVICE, 23, "device") X(DEVICES, 24, "devices") X(DEVNO, 25, "devno")      \
  X(DOMAIN, 26, "domain") X(DOWNSCRIPT, 27, "downscript")                      \
  X(DRIVER, 28, "driver") X(ECN, 29, "ecn") X(ENABLED, 30, "enabled")          \
  X(END, 31, "end") X(EVENT_IDX, 32, "event_idx") X(EXCLUDE, 33, "exclude")    \
  X(FAMILY, 34, "family") X(FID, 35, "fid") X(FILE, 36, "file")                \
  X(FILTER, 37, "filter") X(FILTERREF, 38, "filterref")                        \
  X(FLOOR, 39, "floor") X(FRAMES, 40, "frames") X(FUNCTION, 41, "function")    \
  X(GATEWAY, 42, "gateway") X(GSO, 43, "gso") X(GUEST, 44, "guest")            \
  X(GUESTRESET, 45, "guestReset") X(HOST, 46, "host") X(ID, 47, "id")          \
  X(INBOUND, 48, "inbound") X(INDEX, 49, "index")                              \
  X(INSTANCEID, 50, "instanceid") X(INTERFACE, 51, "interface")                \
  X(INTERFACEID, 52, "interfaceid") X(IOBASE, 53, "iobase")                    \
  X(IOEVENTFD, 54, "ioeventfd") X(IOMMU, 55, "iommu") X(IP, 56, "ip")          \
  X(IRQ, 57, "irq") X(ISOLATED, 58, "isolated") X(LINK, 59, "link")            \
  X(LOADPARM, 60, "loadparm") X(LOCAL, 61, "local")                            \
  X(LOGFILE, 62, "logFile") X(MAC, 63, "mac")                                  \
  X(MACTABLEMANAGER, 64, "macTableManager") X(MANAGED, 65, "managed")          \
  X(MANAGERID, 66, "managerid") X(MAX, 67, "max") X(METRIC, 68, "metric")      \
  X(MODE, 69, "mode") X(MODEL, 70, "model") X(MRG_RXBUF, 71, "mrg_rxbuf")      \
  X(MTU, 72, "mtu") X(MULTIFUNCTION, 73, "multifunction")                      \
  X(NAME, 74, "name") X(NATIVEMODE, 75, "nativeMode")                          \
  X(NETMASK, 76, "netmask") X(NETWORK, 77, "network") X(ORDER, 78, "order")    \
  X(OUTBOUND, 79, "outbound") X(PACKED, 80, "packed")                          \
  X(PAGE_PER_VQ, 81, "page_per_vq") X(PARAMETER, 82, "parameter")              \
  X(PARAMETERS, 83, "parameters") X(PATH, 84, "path") X(PEAK, 85, "peak")      \
  X(PEER, 86, "peer") X(PERSISTENT, 87, "persistent") X(PORT, 88, "port")      \
  X(PORTFORWARD, 89, "portForward") X(PORTGROUP, 90, "portgroup")              \
  X(PORTGROUPID, 91, "portgroupid") X(PORTID, 92, "portid")                    \
  X(PORTPROFILE, 93, "portprofile") X(PREFIX, 94, "prefix")                    \
  X(PRODUCT, 95, "product") X(PROFILEID, 96, "profileid")                      \
  X(PROTO, 97, "proto") X(QUEUES, 98, "queues") X(RANGE, 99, "range")          \
  X(RECONNECT, 100, "reconnect") X(REG, 101, "reg") X(ROM, 102, "rom")         \
  X(ROUTE, 103, "route") X(RSS, 104, "rss")                                    \
  X(RSS_HASH_REPORT, 105, "rss_hash_report") X(RX, 106, "rx")                  \
  X(RX_QUEUE_SIZE, 107, "rx_queue_size") X(SCRIPT, 108, "script")              \
  X(SIZE, 109, "size") X(SLOT, 110, "slot") X(SNDBUF, 111, "sndbuf")           \
  X(SOURCE, 112, "source") X(SSID, 113, "ssid") X(START, 114, "start")         \
  X(STARTUPPOLICY, 115, "startupPolicy") X(STATE, 116, "state")                \
  X(SWITCHID, 117, "switchid") X(TAG, 118, "tag") X(TAP, 119, "tap")           \
  X(TARGET, 120, "target") X(TEAMING, 121, "teaming")                          \
  X(TIMEOUT, 122, "timeout") X(TO, 123, "to") X(TRUNK, 124, "trunk")           \
  X(TRUSTGUESTRXFILTERS, 125, "trustGuestRxFilters") X(TSO4, 126, "tso4")      \
  X(TSO6, 127, "tso6") X(TUNE, 128, "tune")                                    \
  X(TX_QUEUE_SIZE, 129, "tx_queue_size") X(TXMODE, 130, "txmode")              \
  X(TYPE, 131, "type") X(TYPEID, 132, "typeid")                                \
  X(TYPEIDVERSION, 133, "typeidversion") X(UFO, 134, "ufo")                    \
  X(UID, 135, "uid") X(UNIT, 136, "unit") X(VALUE, 137, "value")               \
  X(VENDOR, 138, "vendor") X(VHOST, 139, "vhost")                              \
  X(VIRTUALPORT, 140, "virtualport") X(VLAN, 141, "vlan")                      \
  X(VPORTPROFILE, 142, "vportprofile")                                         \
  X(WRITEFILTERING, 143, "writeFiltering") X(ZPCI, 144, "zpci")

/* ## Interface types: X(ID, VALUE, spelling, kind). `none` is the Xen-era spelling
 * that the parser turns into `bridge` (see README, legacy forms). The types
 * outside the five kinds and the network reference are kinds of their own,
 * parsed and written like the rest, outside the VIF map (but vdpa, which
 * Nova writes for vDPA ports). */
#define VIFXML_TYPES(X)                                                        \
  X(BRIDGE, 0, "bridge", BRIDGE) X(ETHERNET, 1, "ethernet", GENERIC)           \
  X(VHOSTUSER, 2, "vhostuser", VHOSTUSER)                                      \
  X(HOSTDEV, 3, "hostdev", PCI_ASSIGNED) X(DIRECT, 4, "direct", DIRECT)        \
  X(NETWORK, 5, "network", NETWORK) X(USER, 6, "user", USER)                   \
  X(SERVER, 7, "server", SERVER) X(CLIENT, 8, "client", CLIENT)                \
  X(MCAST, 9, "mcast", MCAST) X(UDP, 10, "udp", UDP)                           \
  X(INTERNAL, 11, "internal", INTERNAL) X(VDPA, 12, "vdpa", VDPA)              \
  X(NULL, 13, "null", NULL) X(VDS, 14, "vds", VDS)

/* ## Elements: X(ID, VALUE, PARENT, NAME, TYPES, FLAGS). Siblings are listed in
 * libvirt's output order (virDomainNetDefFormat), which is the order the
 * writer uses. TYPES restricts an element to some interface types; the same
 * name may have one row per meaning (the hostdev <driver> is not the virtio
 * <driver>). FLAGS: LIST (repeatable), TEXT (has text content), DROP (status
 * data libvirt ignores in config form; skipped). */
#define VIFXML_ELEMENTS(X)                                                     \
  X(INTERFACE, 0, ROOT, INTERFACE, ANY, 0)                                     \
  X(MAC, 1, INTERFACE, MAC, ANY, 0)                                            \
  X(HDRIVER, 2, INTERFACE, DRIVER, T(HOSTDEV), 0)                              \
  X(SOURCE, 3, INTERFACE, SOURCE, ANY, 0)                                      \
  X(RECONNECT, 4, SOURCE, RECONNECT, T(VHOSTUSER), 0)                          \
  X(SRC_LOCAL, 5, SOURCE, LOCAL, T(UDP), 0)                                    \
  X(SRC_VENDOR, 6, SOURCE, VENDOR, T(HOSTDEV), 0)                              \
  X(SRC_PRODUCT, 7, SOURCE, PRODUCT, T(HOSTDEV), 0)                            \
  X(SRC_ADDRESS, 8, SOURCE, ADDRESS, T(HOSTDEV), 0)                            \
  X(SRC_IP, 9, SOURCE, IP, ANY, LIST)                                          \
  X(SRC_ROUTE, 10, SOURCE, ROUTE, ANY, LIST)                                   \
  X(VLAN, 11, INTERFACE, VLAN, ANY, TEXT)                                      \
  X(TAG, 12, VLAN, TAG, ANY, LIST)                                             \
  X(VIRTUALPORT, 13, INTERFACE, VIRTUALPORT, ANY, 0)                           \
  X(VP_PARAMETERS, 14, VIRTUALPORT, PARAMETERS, ANY, 0)                        \
  X(BANDWIDTH, 15, INTERFACE, BANDWIDTH, ANY, 0)                               \
  X(INBOUND, 16, BANDWIDTH, INBOUND, ANY, 0)                                   \
  X(OUTBOUND, 17, BANDWIDTH, OUTBOUND, ANY, 0)                                 \
  X(PORT, 18, INTERFACE, PORT, ANY, 0)                                         \
  X(ACTUAL, 19, INTERFACE, ACTUAL, ANY, DROP)                                  \
  X(IP, 20, INTERFACE, IP, ANY, LIST)                                          \
  X(ROUTE, 21, INTERFACE, ROUTE, ANY, LIST)                                    \
  X(PORTFORWARD, 22, INTERFACE, PORTFORWARD, ANY, LIST)                        \
  X(RANGE, 23, PORTFORWARD, RANGE, ANY, LIST)                                  \
  X(SCRIPT, 24, INTERFACE, SCRIPT, ANY, 0)                                     \
  X(DOWNSCRIPT, 25, INTERFACE, DOWNSCRIPT, ANY, 0)                             \
  X(BACKENDDOMAIN, 26, INTERFACE, BACKENDDOMAIN, ANY, 0)                       \
  X(TARGET, 27, INTERFACE, TARGET, ANY, 0)                                     \
  X(GUEST, 28, INTERFACE, GUEST, ANY, 0)                                       \
  X(MODEL, 29, INTERFACE, MODEL, ANY, 0)                                       \
  X(DRIVER, 30, INTERFACE, DRIVER, NOT(HOSTDEV), 0)                            \
  X(DRV_HOST, 31, DRIVER, HOST, ANY, 0)                                        \
  X(DRV_GUEST, 32, DRIVER, GUEST, ANY, 0)                                      \
  X(BACKEND, 33, INTERFACE, BACKEND, ANY, 0)                                   \
  X(FILTERREF, 34, INTERFACE, FILTERREF, ANY, 0)                               \
  X(FPARAM, 35, FILTERREF, PARAMETER, ANY, LIST)                               \
  X(TUNE, 36, INTERFACE, TUNE, ANY, 0)                                         \
  X(SNDBUF, 37, TUNE, SNDBUF, ANY, TEXT)                                       \
  X(TEAMING, 38, INTERFACE, TEAMING, ANY, 0)                                   \
  X(LINK, 39, INTERFACE, LINK, ANY, 0)                                         \
  X(MTU, 40, INTERFACE, MTU, ANY, 0)                                           \
  X(COALESCE, 41, INTERFACE, COALESCE, ANY, 0)                                 \
  X(CO_RX, 42, COALESCE, RX, ANY, 0)                                           \
  X(CO_FRAMES, 43, CO_RX, FRAMES, ANY, 0)                                      \
  X(BOOT, 44, INTERFACE, BOOT, ANY, 0)                                         \
  X(ALIAS, 45, INTERFACE, ALIAS, ANY, 0)                                       \
  X(ROM, 46, INTERFACE, ROM, ANY, 0)                                           \
  X(ACPI, 47, INTERFACE, ACPI, ANY, 0)                                         \
  X(ADDRESS, 48, INTERFACE, ADDRESS, ANY, 0)                                   \
  X(ZPCI, 49, ADDRESS, ZPCI, ANY, 0)

/* Legacy element spellings: X(NAME, ELEMENT they mean). */
#define VIFXML_ELEMENT_ALIASES(X)                                              \
  X(PORTPROFILE, VIRTUALPORT) X(VPORTPROFILE, VIRTUALPORT)

/* Address types (the `type` of a device <address> or hostdev source
 * <address>): X(ID, VALUE, spelling). */
#define VIFXML_ADDRS(X)                                                        \
  X(PCI, 1, "pci") X(DRIVE, 2, "drive") X(VIRTIO_SERIAL, 3, "virtio-serial")   \
  X(CCID, 4, "ccid") X(USB, 5, "usb") X(SPAPR_VIO, 6, "spapr-vio")             \
  X(CCW, 7, "ccw") X(ISA, 8, "isa") X(VIRTIO_MMIO, 9, "virtio-mmio")           \
  X(DIMM, 10, "dimm") X(UNASSIGNED, 11, "unassigned")

/* ## Fields: X(ID, VALUE, ELEMENT, NAME, TYPES, VARIANT, SYNTAX, FLAGS), one per
 * attribute (NAME = NONE: the element's text). Within an element they are
 * in libvirt's attribute output order. VARIANT restricts a field to one
 * address type. SYNTAX names the value syntax and canonical spelling
 * (lib/value.c). FLAGS: REQ (required), DROP (accepted, never written:
 * libvirt ignores it in config form), LEGACY (rewritten into other fields),
 * EMPTY (an empty value is read as absent, as libvirt reads it). */
#define VIFXML_FIELDS(X)                                                       \
  X(IFACE_TYPE, 0, INTERFACE, TYPE, ANY, ANYV, IFTYPE, 0)                      \
  X(IFACE_MANAGED, 1, INTERFACE, MANAGED, T(HOSTDEV), ANYV, YESNO, 0)          \
  X(IFACE_TRUST, 2, INTERFACE, TRUSTGUESTRXFILTERS, ANY, ANYV, YESNO, 0)       \
  X(MAC_ADDRESS, 3, MAC, ADDRESS, ANY, ANYV, MAC, 0)                           \
  X(MAC_TYPE, 4, MAC, TYPE, ANY, ANYV, ENUM(mac_type), 0)                      \
  X(MAC_CHECK, 5, MAC, CHECK, ANY, ANYV, YESNO, 0)                             \
  X(HDRIVER_NAME, 6, HDRIVER, NAME, ANY, ANYV, ENUM(hostdev_driver), 0)        \
  X(HDRV_IOMMU, 7, HDRIVER, IOMMU, ANY, ANYV, ONOFF, 0)                        \
  X(HDRV_ATS, 8, HDRIVER, ATS, ANY, ANYV, ONOFF, 0)                            \
  X(HDRV_PACKED, 9, HDRIVER, PACKED, ANY, ANYV, ONOFF, 0)                      \
  X(HDRV_PAGE_PER_VQ, 10, HDRIVER, PAGE_PER_VQ, ANY, ANYV, ONOFF, 0)           \
  X(SRC_NETWORK, 11, SOURCE, NETWORK, T(NETWORK), ANYV, STR, REQ)              \
  X(SRC_PORTGROUP, 12, SOURCE, PORTGROUP, T(NETWORK), ANYV, STR, 0)            \
  X(SRC_PORTID, 13, SOURCE, PORTID, T(NETWORK), ANYV, UUID, DROP)              \
  X(SRC_BRIDGE, 14, SOURCE, BRIDGE, T(BRIDGE), ANYV, STR, REQ)                 \
  X(SRC_DEV, 15, SOURCE, DEV, T(DIRECT), ANYV, STR, REQ)                       \
  X(SRC_DIRECT_MODE, 16, SOURCE, MODE, T(DIRECT), ANYV, ENUM(direct_mode), 0)  \
  X(SRC_VHU_TYPE, 17, SOURCE, TYPE, T(VHOSTUSER), ANYV, VHUTYPE, REQ)          \
  X(SRC_PATH, 18, SOURCE, PATH, T(VHOSTUSER), ANYV, STR, REQ)                  \
  X(SRC_VHU_MODE, 19, SOURCE, MODE, T(VHOSTUSER), ANYV, ENUM(vhu_mode), REQ)   \
  X(SRC_WRITEFILTERING, 20, SOURCE, WRITEFILTERING, T(HOSTDEV), ANYV, YESNO, 0) \
  X(SRC_STARTUPPOLICY, 21, SOURCE, STARTUPPOLICY, T(HOSTDEV), ANYV,            \
    ENUM(startup_policy), 0)                                                   \
  X(SRC_GUESTRESET, 22, SOURCE, GUESTRESET, T(HOSTDEV), ANYV, ENUM(guest_reset), 0) \
  X(SRC_HOSTDEV_DEV, 23, SOURCE, DEV, T(HOSTDEV), ANYV, STR, LEGACY)           \
  X(SRC_LIVE_BRIDGE, 24, SOURCE, BRIDGE, T(NETWORK), ANYV, STR, DROP)          \
  X(SRC_LIVE_MTM, 25, SOURCE, MACTABLEMANAGER, T(NETWORK) | T(BRIDGE) | T(DIRECT), \
    ANYV, STR, DROP)                                                           \
  X(SRC_LIVE_NETWORK, 26, SOURCE, NETWORK, T(BRIDGE) | T(DIRECT), ANYV, STR, DROP) \
  X(SRC_LIVE_PORTGROUP, 27, SOURCE, PORTGROUP, T(BRIDGE) | T(DIRECT), ANYV, STR, \
    DROP)                                                                      \
  X(SRC_LIVE_PORTID, 28, SOURCE, PORTID, T(BRIDGE) | T(DIRECT), ANYV, STR, DROP) \
  X(SRC_SERVER_ADDRESS, 29, SOURCE, ADDRESS, T(SERVER), ANYV, STR, 0)          \
  X(SRC_SOCK_ADDRESS, 30, SOURCE, ADDRESS, T(CLIENT) | T(MCAST) | T(UDP), ANYV, \
    STR, REQ)                                                                  \
  X(SRC_SOCK_PORT, 31, SOURCE, PORT, T(SERVER) | T(CLIENT) | T(MCAST) | T(UDP), \
    ANYV, INT, REQ)                                                            \
  X(SRC_INTERNAL_NAME, 32, SOURCE, NAME, T(INTERNAL), ANYV, STR, REQ)          \
  X(SRC_VDPA_DEV, 33, SOURCE, DEV, T(VDPA), ANYV, STR, REQ)                    \
  X(SRC_VDS_SWITCHID, 34, SOURCE, SWITCHID, T(VDS), ANYV, UUID, REQ)           \
  X(SRC_VDS_PORTID, 35, SOURCE, PORTID, T(VDS), ANYV, LL_B0, REQ)              \
  X(SRC_VDS_PORTGROUPID, 36, SOURCE, PORTGROUPID, T(VDS), ANYV, STR, REQ)      \
  X(SRC_VDS_CONNECTIONID, 37, SOURCE, CONNECTIONID, T(VDS), ANYV, LL_B0, REQ)  \
  X(SRC_USER_DEV, 38, SOURCE, DEV, T(USER), ANYV, STR, DROP)                   \
  X(RECONNECT_ENABLED, 39, RECONNECT, ENABLED, ANY, ANYV, YESNO, REQ)          \
  X(RECONNECT_TIMEOUT, 40, RECONNECT, TIMEOUT, ANY, ANYV, UINT, 0)             \
  X(LOCAL_ADDRESS, 41, SRC_LOCAL, ADDRESS, ANY, ANYV, STR, REQ)                \
  X(LOCAL_PORT, 42, SRC_LOCAL, PORT, ANY, ANYV, INT, REQ)                      \
  X(SRC_VENDOR_ID, 43, SRC_VENDOR, ID, ANY, ANYV, HEX4_B0, REQ)                \
  X(SRC_PRODUCT_ID, 44, SRC_PRODUCT, ID, ANY, ANYV, HEX4_B0, REQ)              \
  X(SRC_ADDR_TYPE, 45, SRC_ADDRESS, TYPE, ANY, ANYV, ENUM(hostdev_addr), 0)    \
  X(SRC_ADDR_DOMAIN, 46, SRC_ADDRESS, DOMAIN, ANY, V(PCI), PCI_DOMAIN, 0)      \
  X(SRC_ADDR_BUS, 47, SRC_ADDRESS, BUS, ANY, V(PCI), PCI_BUS, 0)               \
  X(SRC_ADDR_SLOT, 48, SRC_ADDRESS, SLOT, ANY, V(PCI), PCI_SLOT, 0)            \
  X(SRC_ADDR_FUNCTION, 49, SRC_ADDRESS, FUNCTION, ANY, V(PCI), PCI_FUNCTION, 0) \
  X(SRC_ADDR_MULTIFUNCTION, 50, SRC_ADDRESS, MULTIFUNCTION, ANY, V(PCI), ONOFF, \
    DROP)                                                                      \
  X(SRC_ADDR_USBBUS, 51, SRC_ADDRESS, BUS, ANY, V(USB), UINT_B0, 0)            \
  X(SRC_ADDR_USBDEVICE, 52, SRC_ADDRESS, DEVICE, ANY, V(USB), UINT_B0, 0)      \
  X(SRC_IP_ADDRESS, 53, SRC_IP, ADDRESS, ANY, ANYV, IPADDR, REQ)               \
  X(SRC_IP_FAMILY, 54, SRC_IP, FAMILY, ANY, ANYV, STR, 0)                      \
  X(SRC_IP_PREFIX, 55, SRC_IP, PREFIX, ANY, ANYV, UINT, 0)                     \
  X(SRC_IP_PEER, 56, SRC_IP, PEER, ANY, ANYV, IPADDR, 0)                       \
  X(SRC_ROUTE_FAMILY, 57, SRC_ROUTE, FAMILY, ANY, ANYV, ENUM(ip_family), 0)    \
  X(SRC_ROUTE_ADDRESS, 58, SRC_ROUTE, ADDRESS, ANY, ANYV, IPADDR, REQ)         \
  X(SRC_ROUTE_NETMASK, 59, SRC_ROUTE, NETMASK, ANY, ANYV, IPADDR, 0)           \
  X(SRC_ROUTE_PREFIX, 60, SRC_ROUTE, PREFIX, ANY, ANYV, UINT, 0)               \
  X(SRC_ROUTE_GATEWAY, 61, SRC_ROUTE, GATEWAY, ANY, ANYV, IPADDR, REQ)         \
  X(SRC_ROUTE_METRIC, 62, SRC_ROUTE, METRIC, ANY, ANYV, POSUINT, 0)            \
  X(VLAN_TRUNK, 63, VLAN, TRUNK, ANY, ANYV, TRUNK, 0)                          \
  X(VLAN_TEXT, 64, VLAN, NONE, ANY, ANYV, VLANID, LEGACY)                      \
  X(TAG_ID, 65, TAG, ID, ANY, ANYV, VLANID, REQ)                               \
  X(TAG_NATIVEMODE, 66, TAG, NATIVEMODE, ANY, ANYV, ENUM(native_mode), 0)      \
  X(VP_TYPE, 67, VIRTUALPORT, TYPE, ANY, ANYV, VPTYPE, 0)                      \
  X(VP_MANAGERID, 68, VP_PARAMETERS, MANAGERID, ANY, ANYV, VP_U8, 0)           \
  X(VP_TYPEID, 69, VP_PARAMETERS, TYPEID, ANY, ANYV, VP_U24, 0)                \
  X(VP_TYPEIDVERSION, 70, VP_PARAMETERS, TYPEIDVERSION, ANY, ANYV, VP_U8, 0)   \
  X(VP_INSTANCEID, 71, VP_PARAMETERS, INSTANCEID, ANY, ANYV, UUID, 0)          \
  X(VP_INTERFACEID, 72, VP_PARAMETERS, INTERFACEID, ANY, ANYV, UUID, 0)        \
  X(VP_PROFILEID, 73, VP_PARAMETERS, PROFILEID, ANY, ANYV, PROFILEID, EMPTY)   \
  X(IN_AVERAGE, 74, INBOUND, AVERAGE, ANY, ANYV, BW, 0)                        \
  X(IN_PEAK, 75, INBOUND, PEAK, ANY, ANYV, BW, 0)                              \
  X(IN_FLOOR, 76, INBOUND, FLOOR, ANY, ANYV, BW, 0)                            \
  X(IN_BURST, 77, INBOUND, BURST, ANY, ANYV, BW, 0)                            \
  X(OUT_AVERAGE, 78, OUTBOUND, AVERAGE, ANY, ANYV, BW, 0)                      \
  X(OUT_PEAK, 79, OUTBOUND, PEAK, ANY, ANYV, BW, 0)                            \
  X(OUT_FLOOR, 80, OUTBOUND, FLOOR, ANY, ANYV, BW, 0)                          \
  X(OUT_BURST, 81, OUTBOUND, BURST, ANY, ANYV, BW, 0)                          \
  X(PORT_ISOLATED, 82, PORT, ISOLATED, ANY, ANYV, YESNO, 0)                    \
  X(IP_ADDRESS, 83, IP, ADDRESS, ANY, ANYV, IPADDR, REQ)                       \
  X(IP_FAMILY, 84, IP, FAMILY, ANY, ANYV, STR, 0)                              \
  X(IP_PREFIX, 85, IP, PREFIX, ANY, ANYV, UINT, 0)                             \
  X(IP_PEER, 86, IP, PEER, ANY, ANYV, IPADDR, 0)                               \
  X(ROUTE_FAMILY, 87, ROUTE, FAMILY, ANY, ANYV, ENUM(ip_family), 0)            \
  X(ROUTE_ADDRESS, 88, ROUTE, ADDRESS, ANY, ANYV, IPADDR, REQ)                 \
  X(ROUTE_NETMASK, 89, ROUTE, NETMASK, ANY, ANYV, IPADDR, 0)                   \
  X(ROUTE_PREFIX, 90, ROUTE, PREFIX, ANY, ANYV, UINT, 0)                       \
  X(ROUTE_GATEWAY, 91, ROUTE, GATEWAY, ANY, ANYV, IPADDR, REQ)                 \
  X(ROUTE_METRIC, 92, ROUTE, METRIC, ANY, ANYV, POSUINT, 0)                    \
  X(PF_PROTO, 93, PORTFORWARD, PROTO, ANY, ANYV, ENUM(pf_proto), REQ)          \
  X(PF_ADDRESS, 94, PORTFORWARD, ADDRESS, ANY, ANYV, IPADDR, 0)                \
  X(PF_DEV, 95, PORTFORWARD, DEV, ANY, ANYV, STR, 0)                           \
  X(RANGE_START, 96, RANGE, START, ANY, ANYV, POSUINT, 0)                      \
  X(RANGE_END, 97, RANGE, END, ANY, ANYV, POSUINT, 0)                          \
  X(RANGE_TO, 98, RANGE, TO, ANY, ANYV, POSUINT, 0)                            \
  X(RANGE_EXCLUDE, 99, RANGE, EXCLUDE, ANY, ANYV, YESNO, 0)                    \
  X(SCRIPT_PATH, 100, SCRIPT, PATH, ANY, ANYV, STRNE, 0)                       \
  X(DOWNSCRIPT_PATH, 101, DOWNSCRIPT, PATH, ANY, ANYV, STRNE, 0)               \
  X(BACKENDDOMAIN_NAME, 102, BACKENDDOMAIN, NAME, ANY, ANYV, STRNE, 0)         \
  X(TARGET_DEV, 103, TARGET, DEV, ANY, ANYV, STR, 0)                           \
  X(TARGET_MANAGED, 104, TARGET, MANAGED, ANY, ANYV, YESNO, 0)                 \
  X(GUEST_DEV, 105, GUEST, DEV, ANY, ANYV, STRNE, 0)                           \
  X(GUEST_ACTUAL, 106, GUEST, ACTUAL, ANY, ANYV, STRNE, DROP)                  \
  X(MODEL_TYPE, 107, MODEL, TYPE, ANY, ANYV, MODEL, 0)                         \
  X(DRV_NAME, 108, DRIVER, NAME, ANY, ANYV, ENUM(virtio_driver), 0)            \
  X(DRV_TXMODE, 109, DRIVER, TXMODE, ANY, ANYV, ENUM(txmode), 0)               \
  X(DRV_IOEVENTFD, 110, DRIVER, IOEVENTFD, ANY, ANYV, ONOFF, 0)                \
  X(DRV_EVENT_IDX, 111, DRIVER, EVENT_IDX, ANY, ANYV, ONOFF, 0)                \
  X(DRV_QUEUES, 112, DRIVER, QUEUES, ANY, ANYV, POSUINT, 0)                    \
  X(DRV_RX_QUEUE_SIZE, 113, DRIVER, RX_QUEUE_SIZE, ANY, ANYV, POSUINT, 0)      \
  X(DRV_TX_QUEUE_SIZE, 114, DRIVER, TX_QUEUE_SIZE, ANY, ANYV, POSUINT, 0)      \
  X(DRV_RSS, 115, DRIVER, RSS, ANY, ANYV, ONOFF, 0)                            \
  X(DRV_RSS_HASH_REPORT, 116, DRIVER, RSS_HASH_REPORT, ANY, ANYV, ONOFF, 0)    \
  X(DRV_IOMMU, 117, DRIVER, IOMMU, ANY, ANYV, ONOFF, 0)                        \
  X(DRV_ATS, 118, DRIVER, ATS, ANY, ANYV, ONOFF, 0)                            \
  X(DRV_PACKED, 119, DRIVER, PACKED, ANY, ANYV, ONOFF, 0)                      \
  X(DRV_PAGE_PER_VQ, 120, DRIVER, PAGE_PER_VQ, ANY, ANYV, ONOFF, 0)            \
  X(HOST_CSUM, 121, DRV_HOST, CSUM, ANY, ANYV, ONOFF, 0)                       \
  X(HOST_GSO, 122, DRV_HOST, GSO, ANY, ANYV, ONOFF, 0)                         \
  X(HOST_TSO4, 123, DRV_HOST, TSO4, ANY, ANYV, ONOFF, 0)                       \
  X(HOST_TSO6, 124, DRV_HOST, TSO6, ANY, ANYV, ONOFF, 0)                       \
  X(HOST_ECN, 125, DRV_HOST, ECN, ANY, ANYV, ONOFF, 0)                         \
  X(HOST_UFO, 126, DRV_HOST, UFO, ANY, ANYV, ONOFF, 0)                         \
  X(HOST_MRG_RXBUF, 127, DRV_HOST, MRG_RXBUF, ANY, ANYV, ONOFF, 0)             \
  X(GUEST_CSUM, 128, DRV_GUEST, CSUM, ANY, ANYV, ONOFF, 0)                     \
  X(GUEST_TSO4, 129, DRV_GUEST, TSO4, ANY, ANYV, ONOFF, 0)                     \
  X(GUEST_TSO6, 130, DRV_GUEST, TSO6, ANY, ANYV, ONOFF, 0)                     \
  X(GUEST_ECN, 131, DRV_GUEST, ECN, ANY, ANYV, ONOFF, 0)                       \
  X(GUEST_UFO, 132, DRV_GUEST, UFO, ANY, ANYV, ONOFF, 0)                       \
  X(BACKEND_TYPE, 133, BACKEND, TYPE, ANY, ANYV, ENUM(backend_type), 0)        \
  X(BACKEND_TAP, 134, BACKEND, TAP, ANY, ANYV, STR, 0)                         \
  X(BACKEND_VHOST, 135, BACKEND, VHOST, ANY, ANYV, STR, 0)                     \
  X(BACKEND_LOGFILE, 136, BACKEND, LOGFILE, ANY, ANYV, STR, 0)                 \
  X(FILTERREF_FILTER, 137, FILTERREF, FILTER, ANY, ANYV, STR, 0)               \
  X(FILTERREF_NAME, 138, FILTERREF, NAME, ANY, ANYV, STR, LEGACY)              \
  X(FPARAM_NAME, 139, FPARAM, NAME, ANY, ANYV, STR, REQ)                       \
  X(FPARAM_VALUE, 140, FPARAM, VALUE, ANY, ANYV, STR, REQ)                     \
  X(SNDBUF_VALUE, 141, SNDBUF, NONE, ANY, ANYV, SNDBUF, 0)                     \
  X(TEAMING_TYPE, 142, TEAMING, TYPE, ANY, ANYV, ENUM(teaming_type), 0)        \
  X(TEAMING_PERSISTENT, 143, TEAMING, PERSISTENT, ANY, ANYV, STR, 0)           \
  X(LINK_STATE, 144, LINK, STATE, ANY, ANYV, LINKSTATE, 0)                     \
  X(MTU_SIZE, 145, MTU, SIZE, ANY, ANYV, MTU, 0)                               \
  X(CO_FRAMES_MAX, 146, CO_FRAMES, MAX, ANY, ANYV, COALESCE, EMPTY)            \
  X(BOOT_ORDER, 147, BOOT, ORDER, ANY, ANYV, POSUINT, REQ)                     \
  X(BOOT_LOADPARM, 148, BOOT, LOADPARM, ANY, ANYV, LOADPARM, 0)                \
  X(ALIAS_NAME, 149, ALIAS, NAME, ANY, ANYV, STRNE, 0)                         \
  X(ROM_ENABLED, 150, ROM, ENABLED, ANY, ANYV, YESNO, 0)                       \
  X(ROM_BAR, 151, ROM, BAR, ANY, ANYV, ONOFF, 0)                               \
  X(ROM_FILE, 152, ROM, FILE, ANY, ANYV, STR, 0)                               \
  X(ACPI_INDEX, 153, ACPI, INDEX, ANY, ANYV, POSUINT, 0)                       \
  X(ADDR_TYPE, 154, ADDRESS, TYPE, ANY, ANYV, ENUM(addr_type), REQ)            \
  X(ADDR_DOMAIN, 155, ADDRESS, DOMAIN, ANY, V(PCI), PCI_DOMAIN, 0)             \
  X(ADDR_BUS, 156, ADDRESS, BUS, ANY, V(PCI), PCI_BUS, 0)                      \
  X(ADDR_SLOT, 157, ADDRESS, SLOT, ANY, V(PCI), PCI_SLOT, 0)                   \
  X(ADDR_FUNCTION, 158, ADDRESS, FUNCTION, ANY, V(PCI), PCI_FUNCTION, 0)       \
  X(ADDR_MULTIFUNCTION, 159, ADDRESS, MULTIFUNCTION, ANY, V(PCI), ONOFF, 0)    \
  X(ADDR_DRV_CONTROLLER, 160, ADDRESS, CONTROLLER, ANY, V(DRIVE), UINT, 0)     \
  X(ADDR_DRV_BUS, 161, ADDRESS, BUS, ANY, V(DRIVE), UINT, 0)                   \
  X(ADDR_DRV_TARGET, 162, ADDRESS, TARGET, ANY, V(DRIVE), UINT, 0)             \
  X(ADDR_DRV_UNIT, 163, ADDRESS, UNIT, ANY, V(DRIVE), UINT, 0)                 \
  X(ADDR_VS_CONTROLLER, 164, ADDRESS, CONTROLLER, ANY, V(VIRTIO_SERIAL), UINT, 0) \
  X(ADDR_VS_BUS, 165, ADDRESS, BUS, ANY, V(VIRTIO_SERIAL), UINT, 0)            \
  X(ADDR_VS_PORT, 166, ADDRESS, PORT, ANY, V(VIRTIO_SERIAL), UINT, 0)          \
  X(ADDR_CCID_CONTROLLER, 167, ADDRESS, CONTROLLER, ANY, V(CCID), UINT, 0)     \
  X(ADDR_CCID_SLOT, 168, ADDRESS, SLOT, ANY, V(CCID), UINT, 0)                 \
  X(ADDR_USB_BUS, 169, ADDRESS, BUS, ANY, V(USB), UINT, 0)                     \
  X(ADDR_USB_PORT, 170, ADDRESS, PORT, ANY, V(USB), USBPORT, 0)                \
  X(ADDR_SPAPR_REG, 171, ADDRESS, REG, ANY, V(SPAPR_VIO), HEX8_B16, 0)         \
  X(ADDR_CCW_CSSID, 172, ADDRESS, CSSID, ANY, V(CCW), CCW_CSSID, 0)            \
  X(ADDR_CCW_SSID, 173, ADDRESS, SSID, ANY, V(CCW), CCW_SSID, 0)               \
  X(ADDR_CCW_DEVNO, 174, ADDRESS, DEVNO, ANY, V(CCW), CCW_DEVNO, 0)            \
  X(ADDR_ISA_IOBASE, 175, ADDRESS, IOBASE, ANY, V(ISA), HEX_B16, 0)            \
  X(ADDR_ISA_IRQ, 176, ADDRESS, IRQ, ANY, V(ISA), HEX_B16, 0)                  \
  X(ADDR_DIMM_SLOT, 177, ADDRESS, SLOT, ANY, V(DIMM), UINT, 0)                 \
  X(ADDR_DIMM_BASE, 178, ADDRESS, BASE, ANY, V(DIMM), HEX_B16, 0)              \
  X(ZPCI_UID, 179, ZPCI, UID, ANY, ANYV, ZPCI_UID, 0)                          \
  X(ZPCI_FID, 180, ZPCI, FID, ANY, ANYV, ZPCI_FID, 0)

/* ## Generated enums
 * Each row's second column is its enumerator's value, fixed for good: a new
 * row takes the next unused value wherever it sits in its table (the row
 * order is libvirt's output order, the value is not), and a row is never
 * removed or renumbered. The COUNT values are one more than the largest
 * value of this version; they grow, so a client must not store them. */
#define VIFXML_X_ID_(id, val, ...) VIFXML_N_##id = val,
typedef enum {
  VIFXML_N_NONE = 0,
  VIFXML_NAMES(VIFXML_X_ID_)
  VIFXML_N_COUNT = 145
} vifxml_name;
#undef VIFXML_X_ID_

#define VIFXML_X_ID_(id, val, ...) VIFXML_TYPE_##id = val,
typedef enum { VIFXML_TYPES(VIFXML_X_ID_) VIFXML_TYPE_COUNT = 15 } vifxml_type;
#undef VIFXML_X_ID_

#define VIFXML_X_ID_(id, val, ...) VIFXML_E_##id = val,
typedef enum {
  VIFXML_E_NONE = -1,
  VIFXML_ELEMENTS(VIFXML_X_ID_)
  VIFXML_E_COUNT = 50
} vifxml_elem;
#undef VIFXML_X_ID_

#define VIFXML_X_ID_(id, val, ...) VIFXML_ADDR_##id = val,
typedef enum {
  VIFXML_ADDR_NONE = 0,
  VIFXML_ADDRS(VIFXML_X_ID_)
  VIFXML_ADDR_COUNT = 12
} vifxml_addr;
#undef VIFXML_X_ID_

#define VIFXML_X_ID_(id, val, ...) VIFXML_F_##id = val,
typedef enum {
  VIFXML_F_NONE = -1,
  VIFXML_FIELDS(VIFXML_X_ID_)
  VIFXML_F_COUNT = 181
} vifxml_field;
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

#endif
