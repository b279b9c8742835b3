/* xe_words.h: every xe command, for translate's did-you-mean and its
 * "no vmctl equivalent": the explicit rows of cmdtable_data in
 * xapi-project/xen-api ocaml/xapi-cli-server/cli_frontend.ml (e2ee48d) and
 * the commands gen_cmds (cli_operations.ml) makes for each class:
 * CLASS-list, -param-list, -param-get, -param-set, -param-add,
 * -param-remove, -param-clear. */
#ifndef VMCTL_XE_WORDS_H
#define VMCTL_XE_WORDS_H

#define XE_WORDS \
	"appliance-assert-can-be-recovered appliance-create appliance-destroy appliance-list appliance-param-add " \
	"appliance-param-clear appliance-param-get appliance-param-list appliance-param-remove appliance-param-set " \
	"appliance-recover appliance-shutdown appliance-start audit-log-get blob-create blob-get blob-list " \
	"blob-param-add blob-param-clear blob-param-get blob-param-list blob-param-remove blob-param-set blob-put " \
	"bond-create bond-destroy bond-list bond-param-add bond-param-clear bond-param-get bond-param-list " \
	"bond-param-remove bond-param-set bond-set-mode caller-create caller-destroy caller-list caller-list-usage " \
	"caller-param-add caller-param-clear caller-param-get caller-param-list caller-param-remove caller-param-set " \
	"caller-query-usage cd-list certificate-list certificate-param-add certificate-param-clear " \
	"certificate-param-get certificate-param-list certificate-param-remove certificate-param-set cluster-create " \
	"cluster-destroy cluster-host-create cluster-host-destroy cluster-host-disable cluster-host-enable " \
	"cluster-host-force-destroy cluster-host-list cluster-host-param-add cluster-host-param-clear " \
	"cluster-host-param-get cluster-host-param-list cluster-host-param-remove cluster-host-param-set " \
	"cluster-list cluster-param-add cluster-param-clear cluster-param-get cluster-param-list " \
	"cluster-param-remove cluster-param-set cluster-pool-create cluster-pool-destroy cluster-pool-force-destroy " \
	"cluster-pool-resync console console-list console-param-add console-param-clear console-param-get " \
	"console-param-list console-param-remove console-param-set diagnostic-compact diagnostic-db-stats " \
	"diagnostic-gc-stats diagnostic-license-status diagnostic-net-stats diagnostic-timing-stats " \
	"diagnostic-vdi-status diagnostic-vm-status drtask-create drtask-destroy drtask-list drtask-param-add " \
	"drtask-param-clear drtask-param-get drtask-param-list drtask-param-remove drtask-param-set event-wait " \
	"feature-list feature-param-add feature-param-clear feature-param-get feature-param-list " \
	"feature-param-remove feature-param-set gpu-group-create gpu-group-destroy gpu-group-get-remaining-capacity " \
	"gpu-group-list gpu-group-param-add gpu-group-param-clear gpu-group-param-get gpu-group-param-list " \
	"gpu-group-param-remove gpu-group-param-set help host-all-editions host-apply-edition host-apply-updates " \
	"host-backup host-bugreport-upload host-call-plugin host-compute-free-memory host-compute-memory-overhead " \
	"host-cpu-info host-cpu-list host-cpu-param-add host-cpu-param-clear host-cpu-param-get host-cpu-param-list " \
	"host-cpu-param-remove host-cpu-param-set host-crashdump-destroy host-crashdump-upload " \
	"host-data-source-forget host-data-source-list host-data-source-query host-data-source-record " \
	"host-declare-dead host-disable host-disable-display host-disable-external-auth " \
	"host-disable-local-storage-caching host-disable-ssh host-dmesg host-emergency-clear-mandatory-guidance " \
	"host-emergency-disable-tls-verification host-emergency-ha-disable host-emergency-management-reconfigure " \
	"host-emergency-reenable-tls-verification host-emergency-reset-server-certificate host-enable " \
	"host-enable-display host-enable-external-auth host-enable-local-storage-caching host-enable-ssh " \
	"host-evacuate host-external-auth-set-ldaps host-forget host-get-cpu-features host-get-server-certificate " \
	"host-get-sm-diagnostics host-get-system-status host-get-system-status-capabilities " \
	"host-get-thread-diagnostics host-get-vms-which-prevent-evacuation host-ha-xapi-healthcheck " \
	"host-is-in-emergency-mode host-license-add host-license-remove host-license-view host-list " \
	"host-logs-download host-management-disable host-management-reconfigure host-notify host-param-add " \
	"host-param-clear host-param-get host-param-list host-param-remove host-param-set host-power-on " \
	"host-prepare-for-poweroff host-reboot host-refresh-pack-info host-refresh-server-certificate " \
	"host-reset-server-certificate host-restore host-retrieve-wlb-evacuate-recommendations host-send-debug-keys " \
	"host-server-certificate-install host-set-hostname-live host-set-power-on-mode host-shutdown " \
	"host-shutdown-agent host-signal-networking-change host-sm-dp-destroy host-sync-data host-syslog-reconfigure " \
	"host-update-firewalld-service-status hostdriver-deselect hostdriver-list hostdriver-param-add " \
	"hostdriver-param-clear hostdriver-param-get hostdriver-param-list hostdriver-param-remove " \
	"hostdriver-param-set hostdriver-rescan hostdriver-select hostdriver-variant-select " \
	"lvhd-enable-thin-provisioning message-create message-destroy message-destroy-all message-list " \
	"message-param-add message-param-clear message-param-get message-param-list message-param-remove " \
	"message-param-set network-attach network-create network-destroy network-list network-param-add " \
	"network-param-clear network-param-get network-param-list network-param-remove network-param-set " \
	"network-sriov-create network-sriov-destroy observer-create observer-destroy observer-list " \
	"observer-param-add observer-param-clear observer-param-get observer-param-list observer-param-remove " \
	"observer-param-set patch-apply patch-clean patch-destroy patch-list patch-param-add patch-param-clear " \
	"patch-param-get patch-param-list patch-param-remove patch-param-set patch-pool-apply patch-pool-clean " \
	"patch-precheck patch-upload pbd-create pbd-destroy pbd-list pbd-param-add pbd-param-clear pbd-param-get " \
	"pbd-param-list pbd-param-remove pbd-param-set pbd-plug pbd-unplug pci-disable-dom0-access " \
	"pci-enable-dom0-access pci-get-dom0-access-status pci-list pci-param-add pci-param-clear pci-param-get " \
	"pci-param-list pci-param-remove pci-param-set pgpu-disable-dom0-access pgpu-enable-dom0-access pgpu-list " \
	"pgpu-param-add pgpu-param-clear pgpu-param-get pgpu-param-list pgpu-param-remove pgpu-param-set " \
	"pif-db-forget pif-forget pif-introduce pif-list pif-param-add pif-param-clear pif-param-get pif-param-list " \
	"pif-param-remove pif-param-set pif-plug pif-reconfigure-ip pif-reconfigure-ipv6 pif-scan " \
	"pif-set-primary-address-type pif-unplug pool-apply-edition pool-certificate-install pool-certificate-list " \
	"pool-certificate-sync pool-certificate-uninstall pool-configure-repository-proxy pool-configure-update-sync " \
	"pool-crl-install pool-crl-list pool-crl-uninstall pool-deconfigure-wlb pool-designate-new-master " \
	"pool-disable-binary-storage pool-disable-client-certificate-auth pool-disable-external-auth " \
	"pool-disable-local-storage-caching pool-disable-redo-log pool-disable-repository-proxy pool-disable-ssh " \
	"pool-disable-ssl-legacy pool-dump-database pool-eject pool-emergency-reset-master " \
	"pool-emergency-transition-to-master pool-enable-binary-storage pool-enable-client-certificate-auth " \
	"pool-enable-external-auth pool-enable-local-storage-caching pool-enable-redo-log pool-enable-ssh " \
	"pool-enable-tls-verification pool-external-auth-set-ldaps pool-get-cpu-features " \
	"pool-get-guest-secureboot-readiness pool-ha-compute-hypothetical-max-host-failures-to-tolerate " \
	"pool-ha-compute-max-host-failures-to-tolerate pool-ha-compute-vm-failover-plan pool-ha-disable " \
	"pool-ha-enable pool-ha-prevent-restarts-for pool-initialize-wlb pool-install-ca-certificate " \
	"pool-install-trusted-certificate pool-join pool-list pool-management-reconfigure pool-param-add " \
	"pool-param-clear pool-param-get pool-param-list pool-param-remove pool-param-set pool-recover-slaves " \
	"pool-reset-telemetry-uuid pool-restore-database pool-retrieve-wlb-configuration " \
	"pool-retrieve-wlb-diagnostics pool-retrieve-wlb-recommendations pool-retrieve-wlb-report pool-secret-rotate " \
	"pool-send-test-post pool-send-wlb-configuration pool-set-update-sync-enabled pool-set-vswitch-controller " \
	"pool-sync-bundle pool-sync-database pool-sync-updates pool-uninstall-ca-certificate " \
	"pool-uninstall-trusted-certificate pool-vlan-create pusb-list pusb-param-add pusb-param-clear " \
	"pusb-param-get pusb-param-list pusb-param-remove pusb-param-set pusb-scan pvs-cache-storage-create " \
	"pvs-cache-storage-destroy pvs-proxy-create pvs-proxy-destroy pvs-proxy-list pvs-proxy-param-add " \
	"pvs-proxy-param-clear pvs-proxy-param-get pvs-proxy-param-list pvs-proxy-param-remove pvs-proxy-param-set " \
	"pvs-server-forget pvs-server-introduce pvs-server-list pvs-server-param-add pvs-server-param-clear " \
	"pvs-server-param-get pvs-server-param-list pvs-server-param-remove pvs-server-param-set pvs-site-forget " \
	"pvs-site-introduce pvs-site-list pvs-site-param-add pvs-site-param-clear pvs-site-param-get " \
	"pvs-site-param-list pvs-site-param-remove pvs-site-param-set rate-limit-add-caller rate-limit-create " \
	"rate-limit-destroy rate-limit-list rate-limit-param-add rate-limit-param-clear rate-limit-param-get " \
	"rate-limit-param-list rate-limit-param-remove rate-limit-param-set rate-limit-remove-caller " \
	"repository-forget repository-introduce repository-introduce-bundle repository-introduce-remote-pool " \
	"repository-list repository-param-add repository-param-clear repository-param-get repository-param-list " \
	"repository-param-remove repository-param-set repository-set-gpgkey-path sdn-controller-forget " \
	"sdn-controller-introduce secret-create secret-destroy secret-list secret-param-add secret-param-clear " \
	"secret-param-get secret-param-list secret-param-remove secret-param-set session-subject-identifier-list " \
	"session-subject-identifier-logout session-subject-identifier-logout-all sm-list sm-param-add sm-param-clear " \
	"sm-param-get sm-param-list sm-param-remove sm-param-set snapshot-clone snapshot-copy snapshot-destroy " \
	"snapshot-disk-list snapshot-export-to-template snapshot-list snapshot-param-add snapshot-param-clear " \
	"snapshot-param-get snapshot-param-list snapshot-param-remove snapshot-param-set snapshot-reset-powerstate " \
	"snapshot-revert snapshot-uninstall sr-create sr-data-source-forget sr-data-source-list sr-data-source-query " \
	"sr-data-source-record sr-destroy sr-disable-database-replication sr-enable-database-replication sr-forget " \
	"sr-introduce sr-list sr-param-add sr-param-clear sr-param-get sr-param-list sr-param-remove sr-param-set " \
	"sr-probe sr-probe-ext sr-scan sr-update subject-add subject-list subject-param-add subject-param-clear " \
	"subject-param-get subject-param-list subject-param-remove subject-param-set subject-remove subject-role-add " \
	"subject-role-remove task-cancel task-list task-param-add task-param-clear task-param-get task-param-list " \
	"task-param-remove task-param-set template-export template-list template-param-add template-param-clear " \
	"template-param-get template-param-list template-param-remove template-param-set template-uninstall " \
	"tunnel-create tunnel-destroy tunnel-list tunnel-param-add tunnel-param-clear tunnel-param-get " \
	"tunnel-param-list tunnel-param-remove tunnel-param-set update-apply update-destroy update-introduce " \
	"update-list update-param-add update-param-clear update-param-get update-param-list update-param-remove " \
	"update-param-set update-pool-apply update-pool-clean update-precheck update-resync-host update-upload " \
	"usb-group-list usb-group-param-add usb-group-param-clear usb-group-param-get usb-group-param-list " \
	"usb-group-param-remove usb-group-param-set user-password-change vbd-create vbd-destroy vbd-eject vbd-insert " \
	"vbd-list vbd-param-add vbd-param-clear vbd-param-get vbd-param-list vbd-param-remove vbd-param-set " \
	"vbd-pause vbd-plug vbd-unpause vbd-unplug vdi-clone vdi-copy vdi-create vdi-data-destroy vdi-destroy " \
	"vdi-disable-cbt vdi-enable-cbt vdi-export vdi-forget vdi-generate-config vdi-import vdi-introduce vdi-list " \
	"vdi-list-changed-blocks vdi-param-add vdi-param-clear vdi-param-get vdi-param-list vdi-param-remove " \
	"vdi-param-set vdi-pool-migrate vdi-resize vdi-snapshot vdi-unlock vdi-update vgpu-create vgpu-destroy " \
	"vgpu-list vgpu-param-add vgpu-param-clear vgpu-param-get vgpu-param-list vgpu-param-remove vgpu-param-set " \
	"vgpu-type-list vgpu-type-param-add vgpu-type-param-clear vgpu-type-param-get vgpu-type-param-list " \
	"vgpu-type-param-remove vgpu-type-param-set vif-configure-ipv4 vif-configure-ipv6 vif-create vif-destroy " \
	"vif-list vif-move vif-param-add vif-param-clear vif-param-get vif-param-list vif-param-remove vif-param-set " \
	"vif-plug vif-unplug vlan-create vlan-destroy vlan-list vlan-param-add vlan-param-clear vlan-param-get " \
	"vlan-param-list vlan-param-remove vlan-param-set vm-assert-can-be-recovered vm-call-host-plugin " \
	"vm-call-plugin vm-cd-add vm-cd-eject vm-cd-insert vm-cd-list vm-cd-remove vm-checkpoint vm-clone " \
	"vm-compute-maximum-memory vm-compute-memory-overhead vm-copy vm-copy-bios-strings vm-crashdump-list " \
	"vm-create vm-data-source-forget vm-data-source-list vm-data-source-query vm-data-source-record vm-destroy " \
	"vm-disk-add vm-disk-list vm-disk-remove vm-export vm-get-secureboot-readiness vm-group-create " \
	"vm-group-destroy vm-group-list vm-group-param-add vm-group-param-clear vm-group-param-get " \
	"vm-group-param-list vm-group-param-remove vm-group-param-set vm-import vm-install vm-is-bios-customized " \
	"vm-list vm-memory-balloon vm-memory-dynamic-range-set vm-memory-limits-set vm-memory-set " \
	"vm-memory-shadow-multiplier-set vm-memory-static-range-set vm-memory-target-set vm-memory-target-wait " \
	"vm-migrate vm-param-add vm-param-clear vm-param-get vm-param-list vm-param-remove vm-param-set vm-pause " \
	"vm-query-services vm-reboot vm-recover vm-reset-powerstate vm-restart-device-models vm-resume " \
	"vm-retrieve-wlb-recommendations vm-set-uefi-mode vm-shutdown vm-snapshot vm-snapshot-with-quiesce vm-start " \
	"vm-suspend vm-sysprep vm-uninstall vm-unpause vm-update-secureboot-certificates-on-boot vm-vcpu-hotplug " \
	"vm-vif-list vmss-create vmss-destroy vmss-list vmss-param-add vmss-param-clear vmss-param-get " \
	"vmss-param-list vmss-param-remove vmss-param-set vtpm-create vtpm-destroy vtpm-list vtpm-param-add " \
	"vtpm-param-clear vtpm-param-get vtpm-param-list vtpm-param-remove vtpm-param-set vusb-create vusb-destroy " \
	"vusb-list vusb-param-add vusb-param-clear vusb-param-get vusb-param-list vusb-param-remove vusb-param-set " \
	"vusb-unplug"

#endif
